import { IsOptional, Matches, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

export const MAX_SESSION_NAME_LENGTH = 100;
/** Guilds remembered from sign-in (Discord lets a user be in at most 200, Nitro included). */
export const MAX_SESSION_GUILDS = 200;

/**
 * A browser signed in to the dashboard. Only the SHA-256 of its random id is kept (the cookie holds the id
 * itself), so a copy of the table signs nobody in. What the person may see is decided on each request, not
 * here: `guildIds` only lists where they were a member when they signed in, for the guild picker.
 */
@Entity({ name: "dashboard_sessions" })
@Index("ix_dashboard_sessions_user", ["userId"])
@Index("ix_dashboard_sessions_expiry", ["expiresAt"])
export class DashboardSession {
  /** Hex SHA-256 of the session id. */
  @PrimaryColumn({ name: "id_hash", type: "char", length: 64 })
  @Matches(/^[0-9a-f]{64}$/)
  idHash!: string;

  @Column({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  /** The Discord username at sign-in, shown in the page's header. */
  @Column({ name: "user_name", type: "varchar", length: MAX_SESSION_NAME_LENGTH })
  @MaxLength(MAX_SESSION_NAME_LENGTH)
  userName!: string;

  @Column({ name: "guild_ids", type: "bigint", array: true, default: () => "'{}'" })
  @Matches(SNOWFLAKE, { each: true })
  guildIds!: string[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt!: Date;

  /** Signed out (here, or everywhere): the id no longer opens anything. */
  @Column({ name: "revoked_at", type: "timestamptz", nullable: true })
  @IsOptional()
  revokedAt!: Date | null;
}
