import { Matches, MaxLength } from "class-validator";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** One member's cooldown on one action in one guild; taken atomically, swept once expired. */
@Entity({ name: "cooldowns" })
@Index("ix_cooldowns_expiry", ["expiresAt"])
export class Cooldown {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  /** e.g. `daily`, `tag:rules` */
  @PrimaryColumn({ type: "varchar", length: 100 })
  @MaxLength(100)
  action!: string;

  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;
}
