import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";

const LOGGED_TABLES = ["message_log", "guild_events"] as const;
export const RETENTION_BATCH = 5000;

/**
 * Removes message-log and event-log rows older than each guild's retention, in bounded batches so no
 * statement holds many locks or runs long. Guilds without a config row keep the default of 30 days.
 */
@injectable()
export class RetentionController {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** Rows deleted per table. */
  async purgeExpired(batchSize = RETENTION_BATCH): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const table of LOGGED_TABLES) {
      let total = 0;
      for (;;) {
        const { rowCount } = await this.db.sql(
          `DELETE FROM ${table} WHERE id IN (
             SELECT t.id FROM ${table} t
               LEFT JOIN guild_configs c ON c.guild_id = t.guild_id
              WHERE t.created_at < now() - make_interval(days => COALESCE(c.retention_days, 30))
              LIMIT $1)`,
          [batchSize],
        );
        total += rowCount;
        if (rowCount < batchSize) break;
      }
      deleted[table] = total;
    }
    return deleted;
  }
}
