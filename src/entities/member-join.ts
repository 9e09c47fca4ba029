import { IsOptional, Matches, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** A member joining a guild, with the invite they used when it could be worked out. */
@Entity({ name: "member_joins" })
@Index("ix_member_joins_guild_time", ["guildId", "joinedAt"])
@Index("ix_member_joins_member", ["guildId", "userId", "id"])
@Index("ix_member_joins_inviter", ["guildId", "inviterId"], { where: "inviter_id IS NOT NULL" })
export class MemberJoin {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  /** Null when it could not be told (vanity URL, several invites used at once, missing permission). */
  @Column({ name: "invite_code", type: "varchar", length: 32, nullable: true })
  @IsOptional()
  @MaxLength(32)
  inviteCode!: string | null;

  @Column({ name: "inviter_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  inviterId!: string | null;

  @CreateDateColumn({ name: "joined_at", type: "timestamptz" })
  joinedAt!: Date;
}
