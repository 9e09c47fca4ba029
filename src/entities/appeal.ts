import { IsIn, IsOptional, Matches, MaxLength } from "class-validator";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from "typeorm";
import type { Case } from "./case";
import { SNOWFLAKE } from "./snowflake";

export const MAX_APPEAL_LENGTH = 1000;
export const MAX_DECISION_LENGTH = 512;
export const APPEAL_STATUSES = ["open", "accepted", "rejected"] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** A banned member's appeal of one ban: one per ban, decided once (accepted: unbanned; or rejected). */
@Entity({ name: "appeals" })
@Unique("uq_appeals_ban_case", ["banCaseId"])
@Index("ix_appeals_guild_user", ["guildId", "userId"])
@Index("ix_appeals_guild_status", ["guildId", "status", "id"])
@Index("ix_appeals_post_due", ["postDueAt"], { where: "post_due_at IS NOT NULL" })
export class Appeal {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "ban_case_id", type: "integer" })
  banCaseId!: number;

  @ManyToOne("Case", { onDelete: "CASCADE" })
  @JoinColumn({ name: "ban_case_id" })
  banCase?: Case;

  /** The banned member who appealed (the ban's target). */
  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ type: "varchar", length: MAX_APPEAL_LENGTH })
  @MaxLength(MAX_APPEAL_LENGTH)
  text!: string;

  @Column({ type: "varchar", length: 16, default: "open" })
  @IsIn(APPEAL_STATUSES)
  status!: AppealStatus;

  @Column({ name: "decided_by", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  decidedBy!: string | null;

  @Column({ name: "decided_at", type: "timestamptz", nullable: true })
  decidedAt!: Date | null;

  /** Why it was rejected. */
  @Column({ name: "decision_reason", type: "varchar", length: MAX_DECISION_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_DECISION_LENGTH)
  decisionReason!: string | null;

  /** The Unban case an accepted appeal made. */
  @Column({ name: "unban_case_id", type: "integer", nullable: true })
  unbanCaseId!: number | null;

  @ManyToOne("Case", { onDelete: "SET NULL" })
  @JoinColumn({ name: "unban_case_id" })
  unbanCase?: Case;

  /** The appeals channel's post about it (edited with the outcome). */
  @Column({ name: "channel_id", type: "bigint", nullable: true })
  channelId!: string | null;

  @Column({ name: "message_id", type: "bigint", nullable: true })
  messageId!: string | null;

  /**
   * When the post may be tried (again): set while the appeal waits to be posted, null once posted or while
   * it waits for a usable appeals channel (the one set was deleted).
   */
  @Column({ name: "post_due_at", type: "timestamptz", nullable: true })
  postDueAt!: Date | null;

  /** Attempts at posting since it last waited for a channel (the retries back off with it). */
  @Column({ name: "post_attempts", type: "integer", default: 0 })
  postAttempts!: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
