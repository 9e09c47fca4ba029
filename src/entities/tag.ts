import { rule } from "../validation";
import { IsBoolean, IsInt, IsOptional, Matches, Max, MaxLength, Min } from "class-validator";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import type { MemberGroup } from "./member-group";
import { SNOWFLAKE } from "./snowflake";

export const TAG_NAME = /^[\p{L}\p{N}_-]{1,32}$/u;
export const MAX_TAG_RESPONSE_LENGTH = 2000;
export const MAX_TAG_COOLDOWN_SECONDS = 86_400;

/** A custom command: a named response with placeholders, optionally limited to moderators or a group. */
@Entity({ name: "tags" })
@Index("ux_tags_name", ["guildId", "nameKey"], { unique: true })
export class Tag {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ type: "varchar", length: 32 })
  @Matches(TAG_NAME)
  name!: string;

  /** The name folded to lower case: names are unique per guild regardless of case. */
  @Column({ name: "name_key", type: "varchar", length: 32 })
  nameKey!: string;

  @Column({ type: "varchar", length: MAX_TAG_RESPONSE_LENGTH })
  @MaxLength(MAX_TAG_RESPONSE_LENGTH)
  @Matches(/\S/, { message: rule("validation.blank") })
  response!: string;

  @Column({ name: "created_by", type: "bigint" })
  @Matches(SNOWFLAKE)
  createdBy!: string;

  @Column({ type: "boolean", default: true })
  @IsBoolean()
  enabled!: boolean;

  @Column({ name: "mod_only", type: "boolean", default: false })
  @IsBoolean()
  modOnly!: boolean;

  @Column({ name: "group_id", type: "integer", nullable: true })
  @IsOptional()
  groupId!: number | null;

  /**
   * NO ACTION, not SET NULL: a deleted group must never leave its tags public. Deleting a group goes through
   * GroupController.deleteGroup, which makes its tags moderator-only first; anything else is refused.
   */
  @ManyToOne("MemberGroup", { onDelete: "NO ACTION" })
  @JoinColumn({ name: "group_id" })
  group?: MemberGroup | null;

  @Column({ name: "cooldown_seconds", type: "integer", default: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_TAG_COOLDOWN_SECONDS)
  cooldownSeconds!: number;

  @Column({ type: "integer", default: 0 })
  uses!: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
