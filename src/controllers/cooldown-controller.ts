import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Cooldown } from "../entities/cooldown";
import { BaseController } from "./base-controller";
import { isDatabaseFault } from "../database/isolating-write";
import { forEachGuild } from "../database/per-guild";
import { GuildsFailedError } from "../errors/job-errors";

export type CooldownTake = { taken: true; expiresAt: Date } | { taken: false; retryAt: Date };

const MAX_ATTEMPTS = 3;

/**
 * Per guild, user and action cooldowns, shared by every feature. A take is one statement: the upsert only
 * overwrites an expired row, and the row lock it takes makes a simultaneous take wait and then see the new
 * expiry, so two takes never both pass. Inside a transaction the cooldown is released again on rollback.
 */
@service()
export class CooldownController extends BaseController<Cooldown> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Cooldown);
  }

  /** Table and column names for the statements written here, from the entity's metadata. */
  private get names(): Readonly<Record<"table" | "guild" | "user" | "action" | "expires", string>> {
    return {
      table: this.sql.table,
      guild: this.sql.columnName("guildId"),
      user: this.sql.columnName("userId"),
      action: this.sql.columnName("action"),
      expires: this.sql.columnName("expiresAt"),
    };
  }

  async take(guildId: string, userId: string, action: string, seconds: number): Promise<CooldownTake> {
    const { table, guild, user, action: act, expires } = this.names;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const taken = await this.db.sql<{ expires_at: Date }>(
        `INSERT INTO ${table} (${guild}, ${user}, ${act}, ${expires})
         VALUES ($1, $2, $3, now() + $4 * interval '1 second')
         ON CONFLICT (${guild}, ${user}, ${act}) DO UPDATE SET ${expires} = EXCLUDED.${expires}
           WHERE ${table}.${expires} <= now()
         RETURNING ${expires} AS expires_at`,
        [guildId, userId, action, seconds],
      );
      const row = taken.rows[0];
      if (row) return { taken: true, expiresAt: row.expires_at };
      // Refused: a live row holds the action. Read it in a fresh statement, which sees it even when it was
      // committed after the upsert's snapshot; a sweep can only have removed it if it expired meanwhile.
      const retryAt = await this.expiry(guildId, userId, action);
      if (retryAt) return { taken: false, retryAt };
    }
    throw new Error(`cooldown ${action} neither taken nor held after ${MAX_ATTEMPTS} attempts`);
  }

  /** When the action is free again, or null when it is free now. */
  async expiry(guildId: string, userId: string, action: string): Promise<Date | null> {
    const { table, guild, user, action: act, expires } = this.names;
    const result = await this.db.sql<{ expires_at: Date }>(
      `SELECT ${expires} AS expires_at FROM ${table}
       WHERE ${guild} = $1 AND ${user} = $2 AND ${act} = $3 AND ${expires} > now()`,
      [guildId, userId, action],
    );
    return result.rows[0]?.expires_at ?? null;
  }

  async clear(guildId: string, userId: string, action: string): Promise<boolean> {
    const { table, guild, user, action: act } = this.names;
    const result = await this.db.sql(
      `DELETE FROM ${table} WHERE ${guild} = $1 AND ${user} = $2 AND ${act} = $3`,
      [guildId, userId, action],
    );
    return result.rowCount > 0;
  }

  /**
   * Deletes at most `limit` expired rows (oldest first); returns how many went. When the batch fails on its
   * rows, each guild's expired rows are swept on their own: the others go, the failing guilds are reported
   * (GuildsFailedError, after the rest is done).
   */
  async sweepExpired(limit: number): Promise<number> {
    try {
      return await this.sweep(limit);
    } catch (error) {
      if (isDatabaseFault(error)) throw error;
      const { table, guild, expires } = this.names;
      const expired = await this.db.sql<{ guild_id: string }>(
        `SELECT DISTINCT ${guild} AS guild_id FROM ${table} WHERE ${expires} <= now()`,
      );
      const byGuild = await forEachGuild(
        expired.rows.map((row) => row.guild_id),
        (guildId) => this.sweep(limit, guildId),
      );
      if (byGuild.failures.length > 0) throw new GuildsFailedError("cooldown sweep", byGuild.failures);
      return byGuild.total;
    }
  }

  private async sweep(limit: number, guildId?: string): Promise<number> {
    const { table, guild, expires } = this.names;
    const result = await this.db.sql(
      `DELETE FROM ${table} WHERE ctid IN (
         SELECT ctid FROM ${table} WHERE ${expires} <= now()${guildId === undefined ? "" : ` AND ${guild} = $2`}
          ORDER BY ${expires} LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      guildId === undefined ? [limit] : [limit, guildId],
    );
    return result.rowCount;
  }
}
