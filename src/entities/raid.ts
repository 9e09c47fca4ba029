import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import {
  DEFAULT_RAID_MAX_SECONDS,
  DEFAULT_RAID_TIMEOUT_SECONDS,
  MAX_RAID_TIMEOUT_SECONDS,
  RAID_ACTIONS,
  type RaidAction,
} from "./raid-settings";
import { SNOWFLAKE } from "./snowflake";

/** The lockdown channels a raid's start or end changed, and those it could not. */
export interface RaidChannelsOutcome {
  done: string[];
  failed: string[];
  notAllowed?: string[];
}

/**
 * One raid: started by the join-rate detector or `/raid start`, ended by `/raid end` or after its quiet
 * period. At most one active (not ended) raid per guild, by the partial unique index, so racing starters
 * make one. The Discord work of starting (locks, alert) and ending (unlocks, alert) is done by whoever
 * holds the claim; `lockedAt` / `unlockedAt` say it is done, so a process that died midway is taken over.
 */
@Entity({ name: "raids" })
@Index("uq_raids_active_guild", ["guildId"], { unique: true, where: "ended_at IS NULL" })
export class Raid {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  /** The moderator who started it; null: the detector. */
  @Column({ name: "started_by", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  startedBy!: string | null;

  @Column({ type: "varchar", length: 400, nullable: true })
  @IsOptional()
  @MaxLength(400)
  reason!: string | null;

  @Column({ type: "varchar", length: 8 })
  @IsIn(RAID_ACTIONS)
  action!: RaidAction;

  /** Ends by itself after this long without a burst; null (started by hand): only `/raid end`. */
  @Column({ name: "quiet_seconds", type: "integer", nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  quietSeconds!: number | null;

  /** How long its timeouts last (the guild's setting when it started). */
  @Column({ name: "timeout_seconds", type: "integer", default: DEFAULT_RAID_TIMEOUT_SECONDS })
  @IsInt()
  @Min(60)
  @Max(MAX_RAID_TIMEOUT_SECONDS)
  timeoutSeconds!: number;

  /** Ends by itself this long after it started, whatever the joins: a raid never lasts forever. */
  @Column({ name: "max_seconds", type: "integer", default: DEFAULT_RAID_MAX_SECONDS })
  @IsInt()
  @Min(1)
  maxSeconds!: number;

  @Column({ name: "last_surge_at", type: "timestamptz", default: () => "now()" })
  lastSurgeAt!: Date;

  @CreateDateColumn({ name: "started_at", type: "timestamptz" })
  startedAt!: Date;

  @Column({ name: "ended_at", type: "timestamptz", nullable: true })
  endedAt!: Date | null;

  /** Who ended it; null: the quiet period. */
  @Column({ name: "ended_by", type: "bigint", nullable: true })
  endedBy!: string | null;

  @Column({ name: "locked_at", type: "timestamptz", nullable: true })
  lockedAt!: Date | null;

  @Column({ name: "unlocked_at", type: "timestamptz", nullable: true })
  unlockedAt!: Date | null;

  /**
   * What its start (end) did to the channels, recorded with `lockedAt` (`unlockedAt`): its mod-log alert
   * is then due, and is posted by whoever sets `startAlertedAt` (`endAlertedAt`) first: once.
   */
  @Column({ name: "start_outcome", type: "jsonb", nullable: true })
  startOutcome!: RaidChannelsOutcome | null;

  @Column({ name: "end_outcome", type: "jsonb", nullable: true })
  endOutcome!: RaidChannelsOutcome | null;

  @Column({ name: "start_alerted_at", type: "timestamptz", nullable: true })
  startAlertedAt!: Date | null;

  @Column({ name: "end_alerted_at", type: "timestamptz", nullable: true })
  endAlertedAt!: Date | null;

  @Column({ name: "acted_on", type: "integer", default: 0 })
  actedOn!: number;

  /** New members it could not act on (above the bot, Discord refused): recorded and skipped. */
  @Column({ type: "integer", default: 0 })
  skipped!: number;

  @Column({ name: "claimed_until", type: "timestamptz", nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: "claim_token", type: "uuid", nullable: true })
  claimToken!: string | null;
}
