import { IsIn, IsInt, Matches, MaxLength, Min } from "class-validator";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * What a roll-up counts interactions by. `/stats` shows each one on its own (totals by outcome, the guild
 * versus direct-message split, top commands, users and languages, the latency percentile), never two
 * crossed, so one row per value of one dimension keeps the roll-ups as small as the figures they serve.
 */
export const USAGE_DIMENSIONS = ["outcome", "place", "command", "locale", "latency", "user"] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

/** The scope of every guild and direct messages together (what owners see); any other is a guild id. */
export const EVERY_GUILD = "0";

/** How many days of the non-outcome daily rows are kept: the longest bounded `/stats` period and a day. */
export const USAGE_DAILY_DETAIL_DAYS = 31;

/**
 * Interactions of one UTC day in one scope with one value of one dimension, maintained by the usage
 * flush in the statement that writes the raw events, for the outcomes (kept for ever: they list the days)
 * and the latencies (the dashboard's daily p95, kept USAGE_DAILY_DETAIL_DAYS). Other dimensions' rows,
 * written before the windows served bounded periods, age out after USAGE_DAILY_DETAIL_DAYS too.
 */
@Entity({ name: "usage_daily" })
@Index("ix_usage_daily_detail_day", ["day"], { where: `"dimension" <> 'outcome'` })
// `/stats` sums a scope's rows of one dimension over a period: with `uses` in an index beside the primary
// key's columns that is an index-only scan, never a heap page per row (PostgreSQL indexes here cannot
// INCLUDE a column through TypeORM's metadata, so it is a key column).
@Index("ix_usage_daily_read", ["scope", "dimension", "day", "key", "uses"])
export class UsageDaily {
  /** A guild id, or EVERY_GUILD. */
  @PrimaryColumn({ type: "bigint" })
  @Matches(/^\d{1,20}$/)
  scope!: string;

  /** Before the day: a scope's days of one dimension are one index range. */
  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(USAGE_DIMENSIONS)
  dimension!: UsageDimension;

  /** `YYYY-MM-DD`, UTC. */
  @PrimaryColumn({ type: "date" })
  day!: string;

  /** The command, outcome, locale, `guild`/`dm`, latency in ms or user id, as text. */
  @PrimaryColumn({ type: "varchar", length: 100 })
  @MaxLength(100)
  key!: string;

  @Column({ type: "bigint" })
  @IsInt()
  @Min(1)
  uses!: string;
}
