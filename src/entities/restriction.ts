import { Matches } from "class-validator";
import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from "typeorm";
import type { Case } from "./case";
import { SNOWFLAKE } from "./snowflake";

/**
 * What a Restrict case took from the member: the restricted role it gave and the roles it removed, kept
 * until the restriction ends (by /unrestrict or its expiry) and they are given back.
 */
@Entity({ name: "restrictions" })
@Index("ix_restrictions_member", ["guildId", "targetId"])
export class Restriction {
  /** The Restrict case. */
  @PrimaryColumn({ name: "case_id", type: "integer" })
  caseId!: number;

  @OneToOne("Case", { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_id" })
  case?: Case;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "target_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  targetId!: string;

  /** The restricted role given (the guild's setting may change while the restriction runs). */
  @Column({ name: "role_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  roleId!: string;

  @Column({ name: "removed_role_ids", type: "bigint", array: true, default: () => "'{}'" })
  @Matches(SNOWFLAKE, { each: true })
  removedRoleIds!: string[];

  /** The restriction ended while they were away: the removed roles are given back when they rejoin. */
  @Column({ name: "restore_on_join", type: "boolean", default: false })
  restoreOnJoin!: boolean;
}
