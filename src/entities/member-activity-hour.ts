import { IsInt, Matches, Min } from "class-validator";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/**
 * Messages a member sent in one hour, so activity can be ranked over a period (`/activity top`). Written
 * with the member's totals in the same batched statement; kept for ACTIVITY_HOURS_KEPT_DAYS.
 */
@Entity({ name: "member_activity_hours" })
@Index("ix_member_activity_hours_hour", ["hour"])
export class MemberActivityHour {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  /** The start of the hour (UTC); listed before the member so a guild's period is one index range. */
  @PrimaryColumn({ type: "timestamptz" })
  hour!: Date;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ name: "message_count", type: "integer" })
  @IsInt()
  @Min(1)
  messageCount!: number;
}
