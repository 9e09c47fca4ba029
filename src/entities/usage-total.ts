import { IsIn, IsInt, Matches, MaxLength, Min } from "class-validator";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { USAGE_DIMENSIONS, type UsageDimension } from "./usage-daily";

/**
 * Interactions ever in one scope with one value of one dimension (UsageDaily without the day), so "all
 * time" costs the same after years: maintained by the usage flush with the daily rows.
 */
@Entity({ name: "usage_totals" })
@Index("ix_usage_totals_rank", ["scope", "dimension", "uses"])
export class UsageTotal {
  /** A guild id, or EVERY_GUILD. */
  @PrimaryColumn({ type: "bigint" })
  @Matches(/^\d{1,20}$/)
  scope!: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  @IsIn(USAGE_DIMENSIONS)
  dimension!: UsageDimension;

  @PrimaryColumn({ type: "varchar", length: 100 })
  @MaxLength(100)
  key!: string;

  @Column({ type: "bigint" })
  @IsInt()
  @Min(1)
  uses!: string;
}
