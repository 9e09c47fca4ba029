import { IsIn, IsOptional, Matches, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const LEDGER_KINDS = [
  "transfer_in",
  "transfer_out",
  "daily",
  "admin_add",
  "admin_remove",
  "admin_set",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const MAX_LEDGER_REASON_LENGTH = 500;

/** One change to one balance: the ledger explains every balance (the sum of its deltas). */
@Entity({ name: "ledger_entries" })
@Index("ix_ledger_member", ["guildId", "userId", "id"])
export class LedgerEntry {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id!: string;

  @Column({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ type: "varchar", length: 16 })
  @IsIn(LEDGER_KINDS)
  kind!: LedgerKind;

  @Column({ type: "bigint" })
  delta!: string;

  @Column({ name: "balance_after", type: "bigint" })
  balanceAfter!: string;

  @Column({ type: "varchar", length: MAX_LEDGER_REASON_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_LEDGER_REASON_LENGTH)
  reason!: string | null;

  /** Who caused it (the giver, the moderator); null for the member's own daily reward. */
  @Column({ name: "actor_id", type: "bigint", nullable: true })
  @IsOptional()
  @Matches(SNOWFLAKE)
  actorId!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
