import { IsBoolean, IsEnum, IsInt, IsOptional, Matches, MaxLength, Min } from "class-validator";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from "typeorm";
import { CaseType } from "./case-type";
import type { CaseEdit } from "./case-edit";
import type { Guild } from "./guild";
import { SNOWFLAKE } from "./snowflake";

export const MAX_REASON_LENGTH = 2000;
export const MAX_SETTLE_NOTE_LENGTH = 300;
/** Discord usernames are at most 32 characters; room for display names and the like. */
export const MAX_TARGET_NAME_LENGTH = 100;

/** One moderation action (or note) in a guild, numbered 1, 2, 3, … per guild. */
@Entity({ name: "cases" })
@Unique("uq_cases_guild_number", ["guildId", "number"])
@Index("ix_cases_guild_target", ["guildId", "targetId", "number"])
@Index("ix_cases_guild_moderator", ["guildId", "moderatorId", "number"])
@Index("ix_cases_pending_expiry", ["expiresAt"], { where: "expires_at IS NOT NULL AND NOT processed" })
@Index("ix_cases_pending_action", ["guildId", "createdAt"], { where: "pending" })
/** A guild's cases of a period: the dashboard's statistics (cases per week) and its date filters. */
@Index("ix_cases_guild_created", ["guildId", "createdAt"])
/** GIN over to_tsvector('simple', reason), made by hand in its migration: the dashboard's text search. */
@Index("ix_cases_reason_search", { synchronize: false })
@Index("uq_cases_audit_entry", ["guildId", "auditEntryId"], {
  unique: true,
  where: "audit_entry_id IS NOT NULL",
})
export class Case {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @ManyToOne("Guild", (guild: Guild) => guild.cases, { onDelete: "CASCADE" })
  @JoinColumn({ name: "guild_id" })
  guild?: Guild;

  @Column({ type: "integer" })
  @IsInt()
  @Min(1)
  number!: number;

  @Column({ type: "enum", enum: CaseType, enumName: "case_type" })
  @IsEnum(CaseType)
  type!: CaseType;

  @Column({ name: "target_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  targetId!: string;

  /**
   * The target's username when the case was made, for finding cases by name (Discord's member cache holds
   * almost nobody: see src/bot/cache-settings.ts). Null on cases from before it was recorded.
   */
  @Column({ name: "target_name", type: "varchar", length: MAX_TARGET_NAME_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_TARGET_NAME_LENGTH)
  targetName!: string | null;

  @Column({ name: "moderator_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  moderatorId!: string;

  @Column({ type: "varchar", length: MAX_REASON_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string | null;

  @Column({ name: "expires_at", type: "timestamptz", nullable: true })
  expiresAt!: Date | null;

  /**
   * The Discord action this case records has been asked for but not yet confirmed. Cleared when Discord
   * confirms; a refusal voids the case; an outage or crash in between is reconciled against Discord later.
   */
  @Column({ type: "boolean", default: false })
  pending!: boolean;

  /** The expiry (if any) has been carried out. */
  @Column({ type: "boolean", default: false })
  @IsBoolean()
  processed!: boolean;

  /** Voided cases stay on record but no longer count (e.g. the action failed or was reversed by mistake). */
  @Column({ type: "boolean", default: false })
  @IsBoolean()
  voided!: boolean;

  /** Why a background job settled this case without doing its part (e.g. the tempban could not be lifted). */
  @Column({ name: "settle_note", type: "varchar", length: MAX_SETTLE_NOTE_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_SETTLE_NOTE_LENGTH)
  settleNote!: string | null;

  /** Failed attempts of the background job that owns this case (expiry or reconciliation). */
  @Column({ type: "integer", default: 0 })
  attempts!: number;

  /** After a failed attempt the job leaves the case alone until then (exponential backoff). */
  @Column({ name: "next_attempt_at", type: "timestamptz", nullable: true })
  nextAttemptAt!: Date | null;

  /** A process working on the case holds it until then; only the holder of `claimToken` may settle it. */
  @Column({ name: "claimed_until", type: "timestamptz", nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: "claim_token", type: "uuid", nullable: true })
  claimToken!: string | null;

  @Column({ name: "mod_log_message_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  modLogMessageId!: string | null;

  /**
   * The audit-log entry of an action taken outside Warden that this case records: one case per entry, however
   * many processes hear of it.
   */
  @Column({ name: "audit_entry_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  auditEntryId!: string | null;

  @Column({ name: "ref_case_id", type: "integer", nullable: true })
  refCaseId!: number | null;

  @ManyToOne("Case", { onDelete: "SET NULL" })
  @JoinColumn({ name: "ref_case_id" })
  refCase?: Case | null;

  @OneToMany("CaseEdit", (edit: CaseEdit) => edit.case)
  edits?: CaseEdit[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
