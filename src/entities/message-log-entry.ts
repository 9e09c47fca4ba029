import { Matches } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** A message kept for moderation context (opt-in per guild), removed after the guild's retention. */
@Entity({ name: "message_log" })
@Index("ix_message_log_member", ["guildId", "userId", "id"])
@Index("ix_message_log_created", ["guildId", "createdAt"])
export class MessageLogEntry {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "channel_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  channelId!: string;

  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ name: "message_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  messageId!: string;

  @Column({ type: "text" })
  content!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
