import { IsIn, IsInt, Matches, MaxLength, Min } from "class-validator";
import { Check, Column, Entity, Index, PrimaryColumn } from "typeorm";
import { USAGE_DIMENSIONS, type UsageDimension } from "./usage-daily";

/** The bounded periods `/stats` offers, in hours (a day, a week, 30 days): each is a maintained window. */
export const USAGE_WINDOW_HOURS = [24, 168, 720] as const;
export type UsageWindowHours = (typeof USAGE_WINDOW_HOURS)[number];

/**
 * Interactions in one scope with one value of one dimension over `span` hours: every event from
 * `UsageWindowMark.hour − span` up to the mark. The window job adds each hour's rows (UsageHourly) when it
 * moves the mark past the hour and subtracts them as the hour leaves, so a row changes once an hour, not
 * at every flush (a flush adds only late events, of hours the mark has passed). So the top users of 30
 * days is an index range, however many users there are, instead of a sum over 30 days of daily rows.
 */
@Entity({ name: "usage_window" })
// The top of a window: its rows in order of uses, read from the end; with the key, a window's rows are
// an index-only range (the key is a key column: TypeORM's metadata cannot INCLUDE one).
@Index("ix_usage_window_rank", ["scope", "dimension", "span", "uses", "key"])
// The rows the window job has just taken down to nothing, to delete (there are none otherwise).
@Index("ix_usage_window_spent", ["scope"], { where: `"uses" <= 0` })
export class UsageWindow {
  /** A guild id, or EVERY_GUILD. */
  @PrimaryColumn({ type: "bigint" })
  @Matches(/^\d{1,20}$/)
  scope!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(USAGE_DIMENSIONS)
  dimension!: UsageDimension;

  /** The window's length in hours, one of USAGE_WINDOW_HOURS. */
  @PrimaryColumn({ type: "smallint" })
  @IsIn(USAGE_WINDOW_HOURS)
  span!: UsageWindowHours;

  @PrimaryColumn({ type: "varchar", length: 100 })
  @MaxLength(100)
  key!: string;

  @Column({ type: "bigint" })
  @IsInt()
  @Min(1)
  uses!: string;
}

/**
 * The one row saying where every window starts and ends: window `span` counts the events from
 * `hour − span` up to `hour`. The flush reads it under a share lock and the window job moves it under an
 * exclusive one, so an event is in a window exactly when the hour rows the job adds and subtracts count
 * it. Written by the migration that added the windows; without it (deleted, or a restore of a backup
 * without it) the windows count nothing, readers count from the hours, and the window job starts the
 * windows again. The job also starts them again when the mark is ahead of the clock or further behind
 * than the longest window, and when `needsRebuild` says older versions' rules may have written them.
 */
@Entity({ name: "usage_window_mark" })
@Check("ck_usage_window_mark_one", `"id" = 1`)
export class UsageWindowMark {
  @PrimaryColumn({ type: "smallint" })
  id!: number;

  /** A UTC hour's start. */
  @Column({ type: "timestamptz" })
  hour!: Date;

  /**
   * The windows may hold counts written by an older version's rules (whose windows ran past the mark):
   * the window job starts them again from the hours once no process of such a version is alive. True by
   * default, so a mark an older version writes is marked too; the current version writes false.
   */
  @Column({ name: "needs_rebuild", type: "boolean", default: true })
  needsRebuild!: boolean;
}
