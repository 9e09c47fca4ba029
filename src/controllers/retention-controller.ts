import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { EntitySql } from "../database/entity-sql";
import { isDatabaseFault } from "../database/isolating-write";
import { forEachGuild } from "../database/per-guild";
import { GuildConfig, GuildEvent, MemberActivityHour, MessageLogEntry } from "../entities";
import { GuildsFailedError, type GuildFailure } from "../errors/job-errors";

export const RETENTION_BATCH = 5000;
/** The longest bounded period `/activity top` offers (30 days), and a day to spare. */
export const ACTIVITY_HOURS_KEPT_DAYS = 31;

/** A table purged by batches: its name (the key in purgeExpired's result) and its statements. */
interface PurgedTable {
  name: string;
  /** `$1` batch size (and `$2` kept days for the hourly counts): deletes at most a batch. */
  purge: string;
}

/** A log table kept for each guild's retention. */
interface LoggedTable extends PurgedTable {
  /** `$1` batch size, `$2` guild: `purge`, for one guild's rows. */
  purgeGuild: string;
  /** The guilds with expired rows (`guild_id`). */
  expiredGuilds: string;
}

interface RetentionStatements {
  logged: LoggedTable[];
  activityHours: PurgedTable;
}

interface LoggedRow {
  id: string;
  guildId: string;
  createdAt: Date;
}

function entitySql<E extends ObjectLiteral>(source: DataSource, target: EntityTarget<E>): EntitySql<E> {
  return new EntitySql<E>(source, source.getMetadata(target));
}

function loggedTable<T extends LoggedRow>(
  logged: EntitySql<T>,
  configs: EntitySql<GuildConfig>,
): LoggedTable {
  const [id, guild] = [logged.columnName("id"), logged.columnName("guildId")];
  const retentionDays = configs.columnName("retentionDays");
  // Rows older than their guild's retention (`id`, `guild_id`); guilds without a config row keep 30 days.
  const expired = `SELECT t.${id} AS id, t.${guild} AS guild_id FROM ${logged.table} t
   LEFT JOIN ${configs.table} c ON c.${configs.columnName("guildId")} = t.${guild}
  WHERE t.${logged.columnName("createdAt")} < now() - make_interval(days => COALESCE(c.${retentionDays}, 30))`;
  const purge = (only: string): string => `DELETE FROM ${logged.table} WHERE ${id} IN (
           SELECT id FROM (${expired}${only}) expired
            LIMIT $1)`;
  return {
    name: logged.metadata.tableName,
    purge: purge(""),
    purgeGuild: purge(` AND t.${guild} = $2`),
    expiredGuilds: `SELECT DISTINCT guild_id FROM (${expired}) expired`,
  };
}

function activityHoursTable(hours: EntitySql<MemberActivityHour>): PurgedTable {
  const hour = hours.columnName("hour");
  const key = `${hours.columnName("guildId")}, ${hour}, ${hours.columnName("userId")}`;
  return {
    name: hours.metadata.tableName,
    purge: `DELETE FROM ${hours.table} WHERE (${key}) IN (
           SELECT ${key} FROM ${hours.table}
            WHERE ${hour} < now() - make_interval(days => $2) LIMIT $1)`,
  };
}

/**
 * Removes message-log and event-log rows older than each guild's retention, and hourly activity counts
 * older than ACTIVITY_HOURS_KEPT_DAYS, in bounded batches so no statement holds many locks or runs long.
 * Guilds without a config row keep the default of 30 days. When a batch fails on its rows, the table is
 * purged guild by guild: the others are purged, the failing guilds are reported (GuildsFailedError, after
 * the rest is done) and tried again next time.
 */
@service()
export class RetentionController {
  private tables: RetentionStatements | undefined;

  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** The statements, from the entities' metadata (read once, after the database started). */
  private get statements(): RetentionStatements {
    if (this.tables) return this.tables;
    const source = this.db.dataSource;
    const configs = entitySql(source, GuildConfig);
    this.tables = {
      logged: [
        loggedTable(entitySql(source, MessageLogEntry), configs),
        loggedTable(entitySql(source, GuildEvent), configs),
      ],
      activityHours: activityHoursTable(entitySql(source, MemberActivityHour)),
    };
    return this.tables;
  }

  /** Rows deleted per table. */
  async purgeExpired(batchSize = RETENTION_BATCH): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    const failures: GuildFailure[] = [];
    const { logged, activityHours } = this.statements;
    for (const table of logged) {
      try {
        deleted[table.name] = await this.purge(table, batchSize);
      } catch (error) {
        if (isDatabaseFault(error)) throw error;
        const expired = await this.db.sql<{ guild_id: string }>(table.expiredGuilds);
        const byGuild = await forEachGuild(
          expired.rows.map((row) => row.guild_id),
          (guildId) => this.purge(table, batchSize, guildId),
        );
        deleted[table.name] = byGuild.total;
        failures.push(...byGuild.failures);
      }
    }
    deleted[activityHours.name] = await this.purgeActivityHours(activityHours, batchSize);
    if (failures.length > 0) throw new GuildsFailedError("log retention", failures);
    return deleted;
  }

  /** Hourly counts serve the bounded periods of `/activity top` only; all time reads the totals. */
  private async purgeActivityHours(table: PurgedTable, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.sql(table.purge, [batchSize, ACTIVITY_HOURS_KEPT_DAYS]);
      total += rowCount;
      if (rowCount < batchSize) return total;
    }
  }

  private async purge(table: LoggedTable, batchSize: number, guildId?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.sql(
        guildId === undefined ? table.purge : table.purgeGuild,
        guildId === undefined ? [batchSize] : [batchSize, guildId],
      );
      total += rowCount;
      if (rowCount < batchSize) return total;
    }
  }
}
