import { IsIn, IsOptional, Matches, MaxLength } from "class-validator";
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const MAX_REPORT_REASON_LENGTH = 500;
export const MAX_REPORT_EXCERPT_LENGTH = 300;

export const REPORT_STATUSES = ["open", "acknowledged", "actioned", "dismissed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** A report in one of these still waits for a moderator; the others are closed. */
export const OPEN_STATUSES: readonly ReportStatus[] = ["open", "acknowledged"];

/**
 * A member's report about another member, queued for the moderators. At most one report per reporter and
 * target is open at a time: the partial unique index says so, whichever process inserts.
 */
@Entity({ name: "reports" })
@Index("uq_reports_open_pair", ["guildId", "reporterId", "targetId"], {
  unique: true,
  where: "status IN ('open', 'acknowledged')",
})
@Index("ix_reports_guild_status", ["guildId", "status", "id"])
@Index("ix_reports_guild", ["guildId", "id"])
@Check("ck_reports_status", "status IN ('open', 'acknowledged', 'actioned', 'dismissed')")
export class Report {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "reporter_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  reporterId!: string;

  @Column({ name: "target_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  targetId!: string;

  @Column({ type: "varchar", length: MAX_REPORT_REASON_LENGTH })
  @MaxLength(MAX_REPORT_REASON_LENGTH)
  reason!: string;

  /** The reported message's link, kept as evidence. */
  @Column({ name: "message_link", type: "varchar", length: 200, nullable: true })
  @IsOptional()
  @MaxLength(200)
  messageLink!: string | null;

  /** The start of the reported message as it was when reported (it may be deleted later). */
  @Column({ name: "message_excerpt", type: "varchar", length: MAX_REPORT_EXCERPT_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_REPORT_EXCERPT_LENGTH)
  messageExcerpt!: string | null;

  @Column({ type: "varchar", length: 16, default: "open" })
  @IsIn(REPORT_STATUSES)
  status!: ReportStatus;

  /** The moderator who last changed the status. */
  @Column({ name: "handled_by", type: "bigint", nullable: true })
  handledBy!: string | null;

  /** Why it was dismissed. */
  @Column({ name: "close_reason", type: "varchar", length: MAX_REPORT_REASON_LENGTH, nullable: true })
  closeReason!: string | null;

  /** Number of the case the report was actioned with. */
  @Column({ name: "case_number", type: "integer", nullable: true })
  caseNumber!: number | null;

  /** The queue post in the reports channel, once it is posted. */
  @Column({ name: "post_channel_id", type: "bigint", nullable: true })
  postChannelId!: string | null;

  @Column({ name: "post_message_id", type: "bigint", nullable: true })
  postMessageId!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
