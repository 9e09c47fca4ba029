import { IsIn, IsInt, IsOptional, Matches, Max, Min } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const CHANNEL_RESTORE_KINDS = ["slowmode", "lock"] as const;
export type ChannelRestoreKind = (typeof CHANNEL_RESTORE_KINDS)[number];
/** What made the change: a moderator's own command (`/lock`, `/slowmode`), `/lockdown start`, or raid mode. */
export const CHANNEL_RESTORE_ORIGINS = ["command", "lockdown", "raid"] as const;
export type ChannelRestoreOrigin = (typeof CHANNEL_RESTORE_ORIGINS)[number];

/**
 * A channel setting Warden changed and will put back: the slowmode before a timed `/slowmode`, or the
 * @everyone overwrite before a `/lock` (both bit sets null: there was none). One row per channel and kind;
 * the scheduler restores rows whose `expiresAt` has passed, claimed with a lease like case expiries.
 */
@Entity({ name: "channel_restores" })
@Unique("uq_channel_restores_channel_kind", ["guildId", "channelId", "kind"])
@Index("ix_channel_restores_due", ["expiresAt"], { where: "expires_at IS NOT NULL" })
export class ChannelRestore {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "channel_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  channelId!: string;

  @Column({ type: "varchar", length: 16 })
  @IsIn(CHANNEL_RESTORE_KINDS)
  kind!: ChannelRestoreKind;

  /** `/lockdown end` undoes only what `/lockdown start` did; `/unlock` undoes either. */
  @Column({ type: "varchar", length: 16, default: "command" })
  @IsIn(CHANNEL_RESTORE_ORIGINS)
  origin!: ChannelRestoreOrigin;

  @Column({ name: "previous_slowmode", type: "integer", nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(21_600)
  previousSlowmode!: number | null;

  @Column({ name: "previous_allow", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(/^\d+$/)
  previousAllow!: string | null;

  @Column({ name: "previous_deny", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(/^\d+$/)
  previousDeny!: string | null;

  /** Who changed it (for the mod log and the audit reason of the restore). */
  @Column({ name: "moderator_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  moderatorId!: string;

  /** When the scheduler puts it back; null: only by hand (`/unlock`, `/slowmode`, `/lockdown end`). */
  @Column({ name: "expires_at", type: "timestamptz", nullable: true })
  expiresAt!: Date | null;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  @Column({ name: "next_attempt_at", type: "timestamptz", nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: "claimed_until", type: "timestamptz", nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: "claim_token", type: "uuid", nullable: true })
  claimToken!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
