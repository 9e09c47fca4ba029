import { Matches } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/**
 * The persistent roles (`/config persistent-roles`) a member was last seen holding, kept from
 * GUILD_MEMBER_UPDATE and the member list, so they are given back when the member rejoins: Discord's
 * GUILD_MEMBER_REMOVE carries roles only for a member the bot happens to cache.
 */
@Entity({ name: "member_role_holdings" })
export class MemberRoleHolding {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ name: "role_ids", type: "bigint", array: true })
  @Matches(SNOWFLAKE, { each: true })
  roleIds!: string[];

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
