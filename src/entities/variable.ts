import { IsIn, Matches } from "class-validator";
import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const VARIABLE_TYPES = ["string", "integer", "float", "boolean", "json", "list"] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];
export const VARIABLE_SCOPES = ["persistent", "session"] as const;
export type VariableScope = (typeof VARIABLE_SCOPES)[number];
export const VARIABLE_NAME = /^[a-z0-9_.-]{1,64}$/;

/**
 * A typed per-guild variable (the streaming bot's variables). The value is JSONB and `type` says how to read
 * it back; session variables are cleared when the bot starts.
 */
@Entity({ name: "variables" })
@Index("ix_variables_session", ["guildId"], { where: `scope = 'session'` })
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

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
