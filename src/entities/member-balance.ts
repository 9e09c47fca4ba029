import { Matches } from "class-validator";
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { Guild } from "./guild";
import { SNOWFLAKE } from "./snowflake";

/** A member's points in one guild. The CHECK keeps every balance at zero or above, whatever the code does. */
@Entity({ name: "member_balances" })
@Check("ck_member_balances_non_negative", `"balance" >= 0`)
export class MemberBalance {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @ManyToOne("Guild", { onDelete: "CASCADE" })
  @JoinColumn({ name: "guild_id" })
  guild?: Guild;

  /** BIGINT: carried as a string by the driver, converted at the controller's edge. */
  @Column({ type: "bigint", default: 0 })
  balance!: string;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
