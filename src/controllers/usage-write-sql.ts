import type { EntityTarget, ObjectLiteral } from "typeorm";
import type { EntitySql } from "../database/entity-sql";
import { ProcessBoot } from "../entities/process-boot";
import { UsageDaily } from "../entities/usage-daily";
import { UsageEvent } from "../entities/usage-event";
import { UsageHourly } from "../entities/usage-hourly";
import { UsageTotal } from "../entities/usage-total";
import { USAGE_WINDOW_HOURS, UsageWindow, UsageWindowMark } from "../entities/usage-window";
import { latencyBucket } from "./usage-latency";

/** The tables of the usage statistics, as their entities' metadata names them. */
export interface UsageTables {
  events: EntitySql<UsageEvent>;
  daily: EntitySql<UsageDaily>;
  totals: EntitySql<UsageTotal>;
  hourly: EntitySql<UsageHourly>;
  window: EntitySql<UsageWindow>;
  mark: EntitySql<UsageWindowMark>;
  /** The running processes, with the newest migration each one's code knows. */
  boots: EntitySql<ProcessBoot>;
}

/** The usage tables, each named by `sqlOf` (an entity's metadata). */
export function usageTables(
  sqlOf: <E extends ObjectLiteral>(target: EntityTarget<E>) => EntitySql<E>,
): UsageTables {
  return {
    events: sqlOf(UsageEvent),
    daily: sqlOf(UsageDaily),
    totals: sqlOf(UsageTotal),
    hourly: sqlOf(UsageHourly),
    window: sqlOf(UsageWindow),
    mark: sqlOf(UsageWindowMark),
    boots: sqlOf(ProcessBoot),
  };
}

/** A table's quoted column names by property. */
export function columnsOf<E extends ObjectLiteral>(
  table: EntitySql<E>,
): (property: keyof E & string) => string {
  return (property) => table.columnName(property);
}

/**
 * The dimensions counted per day: the outcomes list the days, and the dashboard's daily health reads
 * outcomes and latencies. The others are served by the hours and windows (bounded periods) and the totals
 * (all time); their daily rows, written by older versions, age out.
 */
const DAILY_DIMENSIONS = "'outcome', 'latency'";

/**
 * The timestamp of the migration from which windows end at the mark (UsageWindowsUpToMark): a process
 * whose newest known migration is older writes windows by the older rules.
 */
const WINDOWS_END_AT_MARK_SINCE = 1796336000000;

/** The windows' spans, as an SQL array. */
export const WINDOW_SPANS = `'{${USAGE_WINDOW_HOURS.join(",")}}'::smallint[]`;

/** The dimensions counted, each with the column of the batch (below) it counts. */
const DIMENSIONS: ReadonlyArray<[name: string, column: string]> = [
  ["outcome", "outcome"],
  ["command", "command"],
  ["locale", "locale"],
  ["latency", "latency"],
  ["user", "user_id"],
];

/**
 * The batch `e` counted per scope, dimension, UTC hour and key in one pass of GROUPING SETS: each guild's
 * dimensions (scope: the guild), and every guild's and direct messages' with the guild/DM split ("place",
 * scope 0). Direct messages have no guild scope, and events without a locale no locale row.
 */
function countedByHour(): string {
  const sets = [
    ...DIMENSIONS.map(([, column]) => `(guild_id, hour, ${column})`),
    ...DIMENSIONS.map(([, column]) => `(hour, ${column})`),
    "(hour, place)",
  ];
  const when = (value: (name: string, column: string) => string) =>
    DIMENSIONS.map(([name, column]) => `WHEN GROUPING(${column}) = 0 THEN ${value(name, column)}`).join(" ");
  return `SELECT scope, dimension, hour, key, uses FROM (
      SELECT CASE WHEN GROUPING(guild_id) = 0 THEN guild_id ELSE 0 END AS scope,
             CASE ${when((name) => `'${name}'`)} ELSE 'place' END AS dimension, hour,
             CASE ${when((_, column) => `${column}::text`)} ELSE place END AS key, count(*) AS uses
        FROM (SELECT guild_id, user_id, command, outcome, locale, ${latencyBucket("latency_ms")} AS latency,
                     date_trunc('hour', created_at, 'UTC') AS hour,
                     CASE WHEN guild_id IS NULL THEN 'dm' ELSE 'guild' END AS place
                FROM e) batch
       GROUP BY GROUPING SETS (${sets.join(", ")})
    ) counted WHERE scope IS NOT NULL AND key IS NOT NULL`;
}

/**
 * The statements that write usage: the flush (raw events and every roll-up in one statement) and the
 * window job (moving every window on by the hours that left it).
 */
export class UsageWriteSql {
  /** `$1`…`$7` the events' columns as arrays: writes them and adds them to the roll-ups, in one statement. */
  readonly insertAll: string;
  /**
   * The mark's state: `due` when the windows end before the current UTC hour (the job has hours to move),
   * `reset` when they must be started again from the hours: the mark is ahead of the clock (moved by a
   * clock that ran fast), further behind than the longest window (nothing of the windows would be left to
   * move), or older versions' rules may have written them and no process of such a version is alive.
   */
  readonly windowsState: string;
  /** Locks the mark (waiting for running flushes) and says where the windows start and how far to move them. */
  readonly lockMark: string;
  /**
   * Moves every window from `$1` (the mark) to `$2`: adds the hours that enter them, subtracts the hours
   * that leave each one and moves the mark, under the mark's lock (see lockMark).
   */
  readonly advance: string;
  /** Deletes the window rows the advance took down to nothing (through their partial index). */
  readonly deleteSpent: string;
  /** Locks the mark against flushes and other jobs (EXCLUSIVE conflicts with the flush's share lock). */
  readonly lockMarkTable: string;
  /** With the mark's table locked: starts the windows again, up to the current hour, from the hourly rows. */
  readonly rebuild: readonly string[];

  constructor(private readonly tables: UsageTables) {
    this.insertAll = this.buildInsertAll();
    const m = columnsOf(tables.mark);
    this.windowsState = this.buildWindowsState();
    this.lockMark = `SELECT ${m("hour")} AS hour, date_trunc('hour', now(), 'UTC') AS now_hour
                       FROM ${tables.mark.table} FOR UPDATE`;
    this.advance = this.buildAdvance();
    this.deleteSpent = `DELETE FROM ${tables.window.table} WHERE ${columnsOf(tables.window)("uses")} <= 0`;
    this.lockMarkTable = `LOCK TABLE ${tables.mark.table} IN EXCLUSIVE MODE`;
    this.rebuild = this.buildRebuild();
  }

  private buildWindowsState(): string {
    const { mark, boots } = this.tables;
    const m = columnsOf(mark);
    const b = columnsOf(boots);
    const now = "date_trunc('hour', now(), 'UTC')";
    const longest = Math.max(...USAGE_WINDOW_HOURS);
    const olderAlive = `EXISTS (SELECT FROM ${boots.table} b WHERE b.${b("leaseUntil")} >= now()
      AND coalesce(substring(b.${b("schemaVersion")} from '(\\d+)$')::bigint, 0) < ${WINDOWS_END_AT_MARK_SINCE})`;
    return `SELECT ${m("hour")} < ${now} AS due,
                   ${m("hour")} > ${now} OR ${m("hour")} < ${now} - interval '${longest} hours'
                   OR (${m("needsRebuild")} AND NOT ${olderAlive}) AS reset
              FROM ${mark.table}`;
  }

  private buildRebuild(): string[] {
    const { hourly, window, mark } = this.tables;
    const h = columnsOf(hourly);
    const w = columnsOf(window);
    const m = columnsOf(mark);
    const spans = USAGE_WINDOW_HOURS;
    const since = (span: number) => `(SELECT ${m("hour")} FROM ${mark.table}) - interval '${span} hours'`;
    // One pass over the hours sums every window at once (each span a filtered sum).
    return [
      `DELETE FROM ${mark.table}`,
      `INSERT INTO ${mark.table} (${m("id")}, ${m("hour")}, ${m("needsRebuild")})
       VALUES (1, date_trunc('hour', now(), 'UTC'), false)`,
      `DELETE FROM ${window.table}`,
      `INSERT INTO ${window.table} (${w("scope")}, ${w("dimension")}, ${w("span")}, ${w("key")}, ${w("uses")})
       SELECT c.scope, c.dimension, s.span, c.key, s.uses
         FROM (SELECT h.${h("scope")} AS scope, h.${h("dimension")} AS dimension, h.${h("key")} AS key,
                      ${spans.map((span) => `sum(h.${h("uses")}) FILTER (WHERE h.${h("hour")} >= ${since(span)}) AS uses_${span}`).join(", ")}
                 FROM ${hourly.table} h WHERE h.${h("hour")} >= ${since(Math.max(...spans))}
                  AND h.${h("hour")} < (SELECT ${m("hour")} FROM ${mark.table})
                GROUP BY 1, 2, 3) c
        CROSS JOIN LATERAL (VALUES ${spans.map((span) => `(${span}::smallint, c.uses_${span})`).join(", ")}) AS s(span, uses)
        WHERE s.uses IS NOT NULL`,
    ];
  }

  /**
   * The events are counted once, per scope, dimension, UTC hour and key (one pass of GROUPING SETS over
   * the batch: each guild's dimensions, and every guild's with the guild/DM split under scope 0); the daily
   * rows, hours, windows and totals are all summed from those few counts, never from the events again.
   * Rows are added in key order, so two processes flushing at once take the rows' locks in the same order
   * (no deadlock), and each batch adds its own counts once (ON CONFLICT … DO UPDATE adds, never overwrites).
   * Window S holds the hours from `mark − S` up to the mark (a whole UTC hour): the current hour's events
   * only go to the hourly rows (the window job adds them when it moves the mark past them), so a flush
   * writes window rows only for late events (a backlog after an outage). The mark is read under a share
   * lock: the window job waits for the flush, or the flush for the job and then sees where it moved the
   * windows to, so every event is in a window exactly when the job's additions and subtractions count it.
   */
  private buildInsertAll(): string {
    const { events, daily, totals, hourly, window, mark } = this.tables;
    const e = columnsOf(events);
    const d = columnsOf(daily);
    const t = columnsOf(totals);
    const h = columnsOf(hourly);
    const w = columnsOf(window);
    const m = columnsOf(mark);
    const upsert = (table: string, columns: string[], select: string) => {
      const uses = columns.at(-1) ?? "";
      return `INSERT INTO ${table} AS r (${columns.join(", ")}) ${select}
         ON CONFLICT (${columns.slice(0, -1).join(", ")}) DO UPDATE SET ${uses} = r.${uses} + EXCLUDED.${uses}`;
    };
    return `WITH e AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[], $5::int[],
           $6::varchar[], $7::timestamptz[]) AS e(guild_id, user_id, command, outcome, latency_ms, locale, created_at)
       ), raw AS (
         INSERT INTO ${events.table} (${e("guildId")}, ${e("userId")}, ${e("command")}, ${e("outcome")},
           ${e("latencyMs")}, ${e("locale")}, ${e("createdAt")})
         SELECT * FROM e
       ), counted AS (
         ${countedByHour()}
       ), daily AS (
         ${upsert(
           daily.table,
           [d("scope"), d("dimension"), d("day"), d("key"), d("uses")],
           `SELECT scope, dimension, (hour AT TIME ZONE 'UTC')::date, key, sum(uses)::bigint FROM counted
             WHERE dimension IN (${DAILY_DIMENSIONS}) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
         )}
       ), hourly AS (
         ${upsert(
           hourly.table,
           [h("scope"), h("dimension"), h("hour"), h("key"), h("uses")],
           "SELECT scope, dimension, hour, key, uses FROM counted ORDER BY 1, 2, 3, 4",
         )}
       ), mark AS (
         SELECT ${m("hour")} AS hour FROM ${mark.table} FOR SHARE
       ), windows AS (
         ${upsert(
           window.table,
           [w("scope"), w("dimension"), w("span"), w("key"), w("uses")],
           `SELECT c.scope, c.dimension, s.span, c.key, sum(c.uses)::bigint FROM counted c
             CROSS JOIN mark CROSS JOIN unnest(${WINDOW_SPANS}) AS s(span)
             WHERE c.hour >= mark.hour - make_interval(hours => s.span) AND c.hour < mark.hour
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
         )}
       )
       ${upsert(
         totals.table,
         [t("scope"), t("dimension"), t("key"), t("uses")],
         "SELECT scope, dimension, key, sum(uses)::bigint FROM counted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
       )}`;
  }

  /**
   * The hours from `$1` (the mark) to `$2` enter every window and the hours that leave each window go
   * (added negated), by the window rows' primary key (ON CONFLICT: one index probe a row, never a join over
   * the whole window table), and the mark moves in the same statement; nothing else writes windows
   * meanwhile, since the job holds the mark. Rows left at nothing are then deleted (deleteSpent).
   */
  private buildAdvance(): string {
    const { hourly, window, mark } = this.tables;
    const h = columnsOf(hourly);
    const w = columnsOf(window);
    const m = columnsOf(mark);
    const columns = [w("scope"), w("dimension"), w("span"), w("key"), w("uses")];
    const hours = (sign: string, from: string, to: string) =>
      `SELECT h.${h("scope")} AS scope, h.${h("dimension")} AS dimension, s.span, h.${h("key")} AS key,
              ${sign}h.${h("uses")} AS uses
         FROM unnest(${WINDOW_SPANS}) AS s(span)
         JOIN ${hourly.table} h ON h.${h("hour")} >= ${from} AND h.${h("hour")} < ${to}`;
    const leaving = (bound: string) => `${bound}::timestamptz - make_interval(hours => s.span)`;
    return `WITH moved AS (
         UPDATE ${mark.table} SET ${m("hour")} = $2::timestamptz
       )
       INSERT INTO ${window.table} AS r (${columns.join(", ")})
       SELECT scope, dimension, span, key, sum(uses)::bigint FROM (
         ${hours("", "$1::timestamptz", "$2::timestamptz")}
         UNION ALL
         ${hours("-", leaving("$1"), leaving("$2"))}
       ) moving GROUP BY 1, 2, 3, 4 HAVING sum(uses) <> 0 ORDER BY 1, 2, 3, 4
       ON CONFLICT (${columns.slice(0, -1).join(", ")}) DO UPDATE SET ${w("uses")} = r.${w("uses")} + EXCLUDED.${w("uses")}`;
  }
}
