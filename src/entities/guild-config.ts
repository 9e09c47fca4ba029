import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from "class-validator";
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { Guild } from "./guild";
import { SNOWFLAKE } from "./snowflake";

export interface GuildSettings {
  [key: string]: string | number | boolean | null;
}

@Entity({ name: "guild_configs" })
export class GuildConfig {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @OneToOne("Guild", (guild: Guild) => guild.config, { onDelete: "CASCADE" })
  @JoinColumn({ name: "guild_id" })
  guild?: Guild;

  @Column({ name: "mod_log_channel_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  modLogChannelId!: string | null;

  @Column({ name: "moderator_role_ids", type: "bigint", array: true, default: () => "'{}'" })
  @Matches(SNOWFLAKE, { each: true })
  moderatorRoleIds!: string[];

  /** The role `/restrict` gives (and `/unrestrict` takes away); null until `/config restricted-role set`. */
  @Column({ name: "restricted_role_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  restrictedRoleId!: string | null;

  /** Roles given back to a member who rejoins after leaving with them (`/config persistent-roles`). */
  @Column({ name: "persistent_role_ids", type: "bigint", array: true, default: () => "'{}'" })
  @Matches(SNOWFLAKE, { each: true })
  persistentRoleIds!: string[];

  /** Channels `/lockdown start` locks (and `/lockdown end` unlocks). */
  @Column({ name: "lockdown_channel_ids", type: "bigint", array: true, default: () => "'{}'" })
  @Matches(SNOWFLAKE, { each: true })
  lockdownChannelIds!: string[];

  @Column({ name: "dm_on_action", type: "boolean", default: true })
  @IsBoolean()
  dmOnAction!: boolean;

  /** Why the last mod-log post failed (missing channel, missing permission); null once one succeeds. */
  @Column({ name: "mod_log_problem", type: "text", nullable: true })
  modLogProblem!: string | null;

  /** Opt-in: keep members' messages for moderation context (`/case show` shows the target's last ones). */
  @Column({ name: "message_log_enabled", type: "boolean", default: false })
  @IsBoolean()
  messageLogEnabled!: boolean;

  /** Days the message log and event log are kept. */
  @Column({ name: "retention_days", type: "integer", default: 30 })
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays!: number;

  /** Points the daily reward grants; the most one economy change may move. */
  @Column({ name: "daily_reward", type: "integer", default: 100 })
  @IsInt()
  @Min(1)
  dailyReward!: number;

  @Column({ name: "max_amount", type: "bigint", default: 1000000 })
  maxAmount!: string;

  @Column({ type: "jsonb", default: () => "'{}'" })
  settings!: GuildSettings;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
