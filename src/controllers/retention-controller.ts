import { inject } from "tsyringe";
import type { DataSource } from "typeorm";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { isDatabaseFault } from "../database/isolating-write";
import { forEachGuild } from "../database/per-guild";
import {
  DashboardSession,
  GuildConfig,
  GuildEvent,
  MemberActivityHour,
  MessageLogEntry,
  UsageDaily,
  UsageEvent,
  UsageHourly,
  UsageWindowMark,
} from "../entities";
import { USAGE_HOURLY_KEPT_DAYS } from "../entities/usage-hourly";
import { USAGE_WINDOW_HOURS } from "../entities/usage-window";
import { USAGE_DAILY_DETAIL_DAYS } from "../entities/usage-daily";
import { GuildsFailedError, type GuildFailure } from "../errors/job-errors";
import { agedTable, entitySql, loggedTable, type LoggedTable, type PurgedTable } from "./retention-sql";

export const RETENTION_BATCH = 5000;
/** The longest bounded period `/activity top` offers (30 days), and a day to spare. */
export const ACTIVITY_HOURS_KEPT_DAYS = 31;
/**
 * Raw usage events are kept for the guild's retention but at least this long: the longest `/stats` window
 * (30 days) and a day, so the windows and their hourly rows can always be rebuilt from them.
 */
export const USAGE_EVENTS_KEPT_DAYS = 31;
/** Dashboard sessions are deleted a day after they expire (signed out or not). */
export const DASHBOARD_SESSIONS_KEPT_DAYS = 1;

interface RetentionStatements {
  logged: LoggedTable[];
  /** Tables with one age for every guild, and that age in days. */
  aged: Array<[PurgedTable, number]>;
}

/**
 * Removes message-log, event-log and raw usage rows older than each guild's retention (usage: at least
 * USAGE_EVENTS_KEPT_DAYS; its roll-ups stay), hourly activity counts older than ACTIVITY_HOURS_KEPT_DAYS
 * daily usage detail older than USAGE_DAILY_DETAIL_DAYS, hourly usage older than USAGE_HOURLY_KEPT_DAYS
 * (and out of every window) and dashboard sessions a day past their expiry, in bounded batches so no statement holds
 * many locks or runs long. Guilds without a config row keep the default of 30 days. When a batch fails on its rows, the table is
 * purged guild by guild: the others are purged, the failing guilds are reported (GuildsFailedError, after
 * the rest is done) and tried again next time.
 */
/**
 * Hourly usage rows past their age, but never one a window still counts (the window job may lag); without
 * a mark no window counts any, and the age alone decides.
 */
function usageHourlyAged(source: DataSource): PurgedTable {
  const hourly = entitySql(source, UsageHourly);
  const mark = entitySql(source, UsageWindowMark);
  const longest = Math.max(...USAGE_WINDOW_HOURS);
  return agedTable(
    hourly,
    ["scope", "dimension", "hour", "key"],
    "hour",
    `${hourly.columnName("hour")} < coalesce((SELECT ${mark.columnName("hour")} FROM ${mark.table}) - interval '${longest} hours', 'infinity')`,
  );
}

@service()
export class RetentionController {
  private tables: RetentionStatements | undefined;

  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** The statements, from the entities' metadata (read once, after the database started). */
  private get statements(): RetentionStatements {
    if (this.tables) return this.tables;
    const source = this.db.dataSource;
    const configs = entitySql(source, GuildConfig);
    const hours = entitySql(source, MemberActivityHour);
    const daily = entitySql(source, UsageDaily);
    this.tables = {
      logged: [
        loggedTable(entitySql(source, MessageLogEntry), configs),
        loggedTable(entitySql(source, GuildEvent), configs),
        loggedTable(entitySql(source, UsageEvent), configs, USAGE_EVENTS_KEPT_DAYS),
      ],
      aged: [
        [agedTable(hours, ["guildId", "hour", "userId"], "hour"), ACTIVITY_HOURS_KEPT_DAYS],
        [
          agedTable(
            daily,
            ["scope", "dimension", "day", "key"],
            "day",
            `${daily.columnName("dimension")} <> 'outcome'`,
          ),
          USAGE_DAILY_DETAIL_DAYS,
        ],
        [usageHourlyAged(source), USAGE_HOURLY_KEPT_DAYS],
        [
          agedTable(entitySql(source, DashboardSession), ["idHash"], "expiresAt"),
          DASHBOARD_SESSIONS_KEPT_DAYS,
        ],
      ],
    };
    return this.tables;
  }

  /** Rows deleted per table. */
  async purgeExpired(batchSize = RETENTION_BATCH): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    const failures: GuildFailure[] = [];
    const { logged, aged } = this.statements;
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
    for (const [table, days] of aged) deleted[table.name] = await this.purgeAged(table, days, batchSize);
    if (failures.length > 0) throw new GuildsFailedError("log retention", failures);
    return deleted;
  }

  /** Hourly and daily counts serve the bounded periods only; all time reads the totals. */
  private async purgeAged(table: PurgedTable, days: number, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.sql(table.purge, [batchSize, days]);
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
