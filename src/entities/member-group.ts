import { Matches } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import type { GroupMember } from "./group-member";
import { SNOWFLAKE } from "./snowflake";

export const GROUP_NAME = /^[\p{L}\p{N}_-]{1,32}$/u;

/** A named per-guild group of members, usable as a permission source (tags, other features). */
@Entity({ name: "member_groups" })
@Index("ux_member_groups_name", ["guildId", "nameKey"], { unique: true })
export class MemberGroup {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ type: "varchar", length: 32 })
  @Matches(GROUP_NAME)
  name!: string;

  /** The name folded to lower case: names are unique per guild regardless of case. */
  @Column({ name: "name_key", type: "varchar", length: 32 })
  nameKey!: string;

  @OneToMany("GroupMember", (member: GroupMember) => member.group)
  members?: GroupMember[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
