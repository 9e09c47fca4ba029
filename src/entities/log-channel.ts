import { IsIn, Matches } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const LOG_CATEGORIES = ["members", "messages", "roles", "channels"] as const;
export type LogCategory = (typeof LOG_CATEGORIES)[number];

/** Where the server logs of one category go (`/logs set`); a category without a row is not logged. */
@Entity({ name: "log_channels" })
export class LogChannel {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(LOG_CATEGORIES)
  category!: LogCategory;

  @Column({ name: "channel_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  channelId!: string;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
