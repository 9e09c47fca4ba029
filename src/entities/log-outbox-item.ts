import { IsIn, IsOptional, Matches } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";
import { LOG_CATEGORIES, type LogCategory } from "./log-channel";

/**
 * One server-log event waiting to be posted: written when the event arrives, claimed by one process for a
 * lease, and deleted only once Discord accepted the post that carried it.
 */
@Entity({ name: "log_outbox" })
@Index("ix_log_outbox_channel", ["channelId", "id"])
export class LogOutboxItem {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "channel_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  channelId!: string;

  @Column({ type: "varchar", length: 16 })
  @IsIn(LOG_CATEGORIES)
  category!: LogCategory;

  /** What happened (`message_delete`, `member_join`…), and its details as the renderer reads them. */
  @Column({ type: "varchar", length: 32 })
  kind!: string;

  @Column({ type: "jsonb", default: () => "'{}'" })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  /** Until when the claiming process may post it; another process takes it over after that. */
  @Column({ name: "claimed_until", type: "timestamptz", nullable: true })
  @IsOptional()
  claimedUntil!: Date | null;

  @Column({ name: "claimed_by", type: "uuid", nullable: true })
  @IsOptional()
  claimedBy!: string | null;
}
