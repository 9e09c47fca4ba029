import { IsIn, IsInt, Matches, Max, Min } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const RAID_ACTIONS = ["timeout", "kick"] as const;
export type RaidAction = (typeof RAID_ACTIONS)[number];
/** A raid's timeout, unless configured: a day, time enough for moderators to look (and lift it). */
export const DEFAULT_RAID_TIMEOUT_SECONDS = 24 * 60 * 60;
/** Discord's longest timeout. */
export const MAX_RAID_TIMEOUT_SECONDS = 28 * 24 * 60 * 60;
/** A raid ends by itself after this long however it goes, unless configured. */
export const DEFAULT_RAID_MAX_SECONDS = 6 * 60 * 60;
export const MIN_RAID_MAX_SECONDS = 10 * 60;
export const MAX_RAID_MAX_SECONDS = 7 * 24 * 60 * 60;

/**
 * A guild's raid detection, set by `/raid config` (no row: detection is off). More than `joins` joins within
 * `seconds` turn raid mode on; it ends once no such burst was seen for `quietSeconds`, or after `maxSeconds`.
 */
@Entity({ name: "raid_settings" })
export class RaidSettings {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ type: "integer" })
  @IsInt()
  @Min(2)
  @Max(1000)
  joins!: number;

  @Column({ type: "integer" })
  @IsInt()
  @Min(1)
  @Max(3600)
  seconds!: number;

  @Column({ type: "varchar", length: 8 })
  @IsIn(RAID_ACTIONS)
  action!: RaidAction;

  @Column({ name: "quiet_seconds", type: "integer" })
  @IsInt()
  @Min(60)
  @Max(86_400)
  quietSeconds!: number;

  /** How long a raid's timeout lasts. */
  @Column({ name: "timeout_seconds", type: "integer", default: DEFAULT_RAID_TIMEOUT_SECONDS })
  @IsInt()
  @Min(60)
  @Max(MAX_RAID_TIMEOUT_SECONDS)
  timeoutSeconds!: number;

  /** A raid ends after this long even if joins keep coming (then moderators are alerted). */
  @Column({ name: "max_seconds", type: "integer", default: DEFAULT_RAID_MAX_SECONDS })
  @IsInt()
  @Min(MIN_RAID_MAX_SECONDS)
  @Max(MAX_RAID_MAX_SECONDS)
  maxSeconds!: number;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
