import { IsBoolean, IsOptional, Matches } from "class-validator";
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

  @Column({ name: "dm_on_action", type: "boolean", default: true })
  @IsBoolean()
  dmOnAction!: boolean;

  /** Why the last mod-log post failed (missing channel, missing permission); null once one succeeds. */
  @Column({ name: "mod_log_problem", type: "text", nullable: true })
  modLogProblem!: string | null;

  @Column({ type: "jsonb", default: () => "'{}'" })
  settings!: GuildSettings;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
