import { Matches } from "class-validator";
import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import type { MemberGroup } from "./member-group";
import { SNOWFLAKE } from "./snowflake";

@Entity({ name: "group_members" })
@Index("ix_group_members_user", ["userId"])
export class GroupMember {
  @PrimaryColumn({ name: "group_id", type: "integer" })
  groupId!: number;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @ManyToOne("MemberGroup", (group: MemberGroup) => group.members, { onDelete: "CASCADE" })
  @JoinColumn({ name: "group_id" })
  group?: MemberGroup;

  @CreateDateColumn({ name: "added_at", type: "timestamptz" })
  addedAt!: Date;
}
