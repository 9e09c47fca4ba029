import { IsIn, IsOptional, Matches } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const GUILD_EVENT_TYPES = ["member_join", "member_leave", "ban", "unban", "roles_changed"] as const;
export type GuildEventType = (typeof GUILD_EVENT_TYPES)[number];

/** The guild's event log: joins, leaves, bans, role changes, with JSON details; kept for the retention. */
@Entity({ name: "guild_events" })
@Index("ix_guild_events_created", ["guildId", "createdAt"])
@Index("ix_guild_events_user", ["guildId", "userId", "id"])
/** `/activity events` without a member: the guild's newest events are the end of one index range. */
@Index("ix_guild_events_recent", ["guildId", "id"])
export class GuildEvent {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ type: "varchar", length: 32 })
  @IsIn(GUILD_EVENT_TYPES)
  type!: GuildEventType;

  @Column({ name: "user_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  userId!: string | null;

  @Column({ type: "jsonb", default: () => "'{}'" })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
