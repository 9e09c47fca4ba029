import { IsOptional, Matches, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { rule } from "../validation";
import { SNOWFLAKE } from "./snowflake";

export const MAX_QUOTE_LENGTH = 500;

/** A line worth remembering, saved by a member of the guild (`/quote add`), said by someone (or nobody named). */
@Entity({ name: "quotes" })
@Index("ix_quotes_guild_author", ["guildId", "authorId"])
export class Quote {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ type: "varchar", length: MAX_QUOTE_LENGTH })
  @MaxLength(MAX_QUOTE_LENGTH)
  @Matches(/\S/, { message: rule("validation.blank") })
  text!: string;

  /** Who said it, when it was a member. */
  @Column({ name: "author_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  authorId!: string | null;

  @Column({ name: "added_by", type: "bigint" })
  @Matches(SNOWFLAKE)
  addedBy!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
