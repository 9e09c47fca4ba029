import { IsIn, IsOptional, IsUUID, Matches } from "class-validator";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { ProcessBoot } from "./process-boot";
import { SNOWFLAKE } from "./snowflake";

export const VARIABLE_TYPES = ["string", "integer", "float", "boolean", "json", "list"] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];
export const VARIABLE_SCOPES = ["persistent", "session"] as const;
export type VariableScope = (typeof VARIABLE_SCOPES)[number];
export const VARIABLE_NAME = /^[a-z0-9_.-]{1,64}$/;

/**
 * A typed per-guild variable (the streaming bot's variables). The value is JSONB and `type` says how to read
 * it back. A session variable belongs to the process run that last set it (`bootId`) and is deleted with
 * that run's row: when it stops cleanly, or once its lease has expired.
 */
@Entity({ name: "variables" })
@Index("ix_variables_boot", ["bootId"], { where: `boot_id IS NOT NULL` })
export class Variable {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ type: "varchar", length: 64 })
  @Matches(VARIABLE_NAME)
  name!: string;

  @Column({ type: "varchar", length: 16 })
  @IsIn(VARIABLE_TYPES)
  type!: VariableType;

  @Column({ type: "varchar", length: 16, default: "persistent" })
  @IsIn(VARIABLE_SCOPES)
  scope!: VariableScope;

  @Column({ type: "jsonb" })
  value!: unknown;

  /** The run that set a session variable; null for persistent ones. */
  @Column({ name: "boot_id", type: "uuid", nullable: true })
  @IsOptional()
  @IsUUID()
  bootId!: string | null;

  @ManyToOne("ProcessBoot", { onDelete: "CASCADE" })
  @JoinColumn({ name: "boot_id" })
  boot?: ProcessBoot | null;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
