import { IsIn, IsInt, IsOptional, Matches, MaxLength, Min } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const USAGE_OUTCOMES = ["ok", "refused", "error"] as const;
export type UsageOutcome = (typeof USAGE_OUTCOMES)[number];

/** One interaction: which command, where, by whom, how long it took and how it ended (written in batches). */
@Entity({ name: "usage_events" })
@Index("ix_usage_events_guild_time", ["guildId", "createdAt"])
@Index("ix_usage_events_time", ["createdAt"])
/** Retention of direct messages: their expired rows without a walk through the guilds' kept ones. */
@Index("ix_usage_events_direct_time", ["createdAt"], { where: `"guild_id" IS NULL` })
export class UsageEvent {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  /** Null for a direct message. */
  @Column({ name: "guild_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  guildId!: string | null;

  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  /** e.g. `/case show`, or `button:cases` for components. */
  @Column({ type: "varchar", length: 100 })
  @MaxLength(100)
  command!: string;

  @Column({ type: "varchar", length: 16 })
  @IsIn(USAGE_OUTCOMES)
  outcome!: UsageOutcome;

  @Column({ name: "latency_ms", type: "integer" })
  @IsInt()
  @Min(0)
  latencyMs!: number;

  /** The language Warden answered in; null for interactions recorded before languages were. */
  @Column({ type: "varchar", length: 16, nullable: true })
  @IsOptional()
  @MaxLength(16)
  locale!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
