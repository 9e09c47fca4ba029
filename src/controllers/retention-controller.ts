import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { isDatabaseFault } from "../database/isolating-write";
import { forEachGuild } from "../database/per-guild";
import { GuildsFailedError, type GuildFailure } from "../errors/job-errors";

const LOGGED_TABLES = ["message_log", "guild_events"] as const;
type LoggedTable = (typeof LOGGED_TABLES)[number];
export const RETENTION_BATCH = 5000;
/** The longest bounded period `/activity top` offers (30 days), and a day to spare. */
export const ACTIVITY_HOURS_KEPT_DAYS = 31;

const EXPIRED = (table: LoggedTable) => `SELECT t.id, t.guild_id FROM ${table} t
   LEFT JOIN guild_configs c ON c.guild_id = t.guild_id
  WHERE t.created_at < now() - make_interval(days => COALESCE(c.retention_days, 30))`;

/**
 * Removes message-log and event-log rows older than each guild's retention, and hourly activity counts
 * older than ACTIVITY_HOURS_KEPT_DAYS, in bounded batches so no statement holds many locks or runs long.
 * Guilds without a config row keep the default of 30 days. When a batch fails on its rows, the table is
 * purged guild by guild: the others are purged, the failing guilds are reported (GuildsFailedError, after
 * the rest is done) and tried again next time.
 */
@service()
export class RetentionController {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** Rows deleted per table. */
  async purgeExpired(batchSize = RETENTION_BATCH): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    const failures: GuildFailure[] = [];
    for (const table of LOGGED_TABLES) {
      try {
        deleted[table] = await this.purge(table, batchSize);
      } catch (error) {
        if (isDatabaseFault(error)) throw error;
        const expired = await this.db.sql<{ guild_id: string }>(
          `SELECT DISTINCT guild_id FROM (${EXPIRED(table)}) expired`,
        );
        const byGuild = await forEachGuild(
          expired.rows.map((row) => row.guild_id),
          (guildId) => this.purge(table, batchSize, guildId),
        );
        deleted[table] = byGuild.total;
        failures.push(...byGuild.failures);
      }
    }
    deleted.member_activity_hours = await this.purgeActivityHours(batchSize);
    if (failures.length > 0) throw new GuildsFailedError("log retention", failures);
    return deleted;
  }

  /** Hourly counts serve the bounded periods of `/activity top` only; all time reads the totals. */
  private async purgeActivityHours(batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.sql(
        `DELETE FROM member_activity_hours WHERE (guild_id, hour, user_id) IN (
           SELECT guild_id, hour, user_id FROM member_activity_hours
            WHERE hour < now() - make_interval(days => $2) LIMIT $1)`,
        [batchSize, ACTIVITY_HOURS_KEPT_DAYS],
      );
      total += rowCount;
      if (rowCount < batchSize) return total;
    }
  }

  private async purge(table: LoggedTable, batchSize: number, guildId?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.sql(
        `DELETE FROM ${table} WHERE id IN (
           SELECT id FROM (${EXPIRED(table)}${guildId === undefined ? "" : " AND t.guild_id = $2"}) expired
            LIMIT $1)`,
        guildId === undefined ? [batchSize] : [batchSize, guildId],
      );
      total += rowCount;
      if (rowCount < batchSize) return total;
    }
  }
}
