import { IsIn, IsInt, Matches, MaxLength, Min } from "class-validator";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { USAGE_DIMENSIONS, type UsageDimension } from "./usage-daily";

/** How many days of hourly rows are kept at least: the longest window (30 days) and a day. */
export const USAGE_HOURLY_KEPT_DAYS = 31;

/**
 * Interactions of one UTC hour in one scope with one value of one dimension, maintained by the usage flush
 * with the daily rows. They are what moves the windows (UsageWindow) on, hour by hour, and what serves a
 * period's first, partial day; kept USAGE_HOURLY_KEPT_DAYS, and never while a window still counts them.
 */
@Entity({ name: "usage_hourly" })
@Index("ix_usage_hourly_hour", ["hour"])
export class UsageHourly {
  /** A guild id, or EVERY_GUILD. */
  @PrimaryColumn({ type: "bigint" })
  @Matches(/^\d{1,20}$/)
  scope!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(USAGE_DIMENSIONS)
  dimension!: UsageDimension;

  /** The start of the UTC hour. */
  @PrimaryColumn({ type: "timestamptz" })
  hour!: Date;

  @PrimaryColumn({ type: "varchar", length: 100 })
  @MaxLength(100)
  key!: string;

  @Column({ type: "bigint" })
  @IsInt()
  @Min(1)
  uses!: string;
}
