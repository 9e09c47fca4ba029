import { IsIn, IsInt, Matches, Max, Min } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const RAID_ACTIONS = ["timeout", "kick"] as const;
export type RaidAction = (typeof RAID_ACTIONS)[number];

/**
 * A guild's raid detection, set by `/raid config` (no row: detection is off). More than `joins` joins within
 * `seconds` turn raid mode on; it ends once no such burst was seen for `quietSeconds`.
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

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
