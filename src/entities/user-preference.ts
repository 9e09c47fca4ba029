import { IsBoolean, IsIn, IsOptional, Matches } from "class-validator";
import { LOCALES, type Locale } from "../i18n/locales";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** A Discord user's own settings (the downloader bot's per-user preferences), across guilds. */
@Entity({ name: "user_preferences" })
export class UserPreference {
  @PrimaryColumn({ name: "discord_user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  discordUserId!: string;

  /** Personal commands (/balance, /profile, …) answer privately. */
  @Column({ name: "private_replies", type: "boolean", default: false })
  @IsBoolean()
  privateReplies!: boolean;

  /** A DM when a case is recorded about them (where the guild's dm-on-action would not send one). */
  @Column({ name: "dm_on_case", type: "boolean", default: true })
  @IsBoolean()
  dmOnCase!: boolean;

  /** The language Warden answers in (`/preferences language`); null follows the member's Discord client. */
  @Column({ name: "language", type: "varchar", length: 8, nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  language!: Locale | null;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
