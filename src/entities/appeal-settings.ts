import { IsInt, IsOptional, Matches, Max, Min } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** The longest wait a guild may set before a ban can be appealed (a year). */
export const MAX_APPEAL_DELAY_SECONDS = 365 * 86_400;

/** A guild's ban appeals: on when a channel is set (`/appeals channel`), after an optional delay. */
@Entity({ name: "appeal_settings" })
export class AppealSettings {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  /** Where appeals are posted; null: appeals are off. */
  @Column({ name: "channel_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  channelId!: string | null;

  /** How long after the ban an appeal may be sent. */
  @Column({ name: "delay_seconds", type: "integer", default: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_APPEAL_DELAY_SECONDS)
  delaySeconds!: number;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
