import type { ObjectLiteral } from "typeorm";
import type { EntitySql } from "../database/entity-sql";
import type { UsageDaily } from "../entities/usage-daily";
import type { UsageEvent } from "../entities/usage-event";
import type { UsageHourly } from "../entities/usage-hourly";
import type { UsageTotal } from "../entities/usage-total";
import { USAGE_WINDOW_HOURS, type UsageWindow, type UsageWindowMark } from "../entities/usage-window";
import { latencyBucket } from "./usage-latency";

/** The tables of the usage statistics, as their entities' metadata names them. */
export interface UsageTables {
  events: EntitySql<UsageEvent>;
  daily: EntitySql<UsageDaily>;
  totals: EntitySql<UsageTotal>;
  hourly: EntitySql<UsageHourly>;
  window: EntitySql<UsageWindow>;
  mark: EntitySql<UsageWindowMark>;
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

/** The windows' spans, as an SQL array. */
export const WINDOW_SPANS = `'{${USAGE_WINDOW_HOURS.join(",")}}'::smallint[]`;

/**
 * The statements that write usage: the flush (raw events and every roll-up in one statement) and the
 * window job (moving every window on by the hours that left it).
 */
export class UsageWriteSql {
  /** `$1`…`$7` the events' columns as arrays: writes them and adds them to the roll-ups, in one statement. */
  readonly insertAll: string;
  /** True when the windows start before the current UTC hour's window does (the job has work). */
  readonly windowsDue: string;
  /** Locks the mark (waiting for running flushes) and says where the windows start and how far to move them. */
  readonly lockMark: string;
  /**
   * Moves every window from `$1` (the mark) to `$2`: subtracts the hourly rows that leave each window and
   * moves the mark, under the mark's lock (see lockMark).
   */
  readonly advance: string;
  /** Deletes the window rows the advance took down to nothing (through their partial index). */
  readonly deleteSpent: string;
  /** Locks the mark against flushes and other jobs (EXCLUSIVE conflicts with the flush's share lock). */
  readonly lockMarkTable: string;
  /** With the mark's table locked and no mark: starts the windows at the current hour from the hourly rows. */
  readonly rebuild: readonly string[];

  constructor(private readonly tables: UsageTables) {
    this.insertAll = this.buildInsertAll();
    const m = columnsOf(tables.mark);
    this.windowsDue = `SELECT ${m("hour")} < date_trunc('hour', now(), 'UTC') AS due FROM ${tables.mark.table}`;
    this.lockMark = `SELECT ${m("hour")} AS hour, date_trunc('hour', now(), 'UTC') AS now_hour
                       FROM ${tables.mark.table} FOR UPDATE`;
    this.advance = this.buildAdvance();
    this.deleteSpent = `DELETE FROM ${tables.window.table} WHERE ${columnsOf(tables.window)("uses")} <= 0`;
    this.lockMarkTable = `LOCK TABLE ${tables.mark.table} IN EXCLUSIVE MODE`;
    this.rebuild = this.buildRebuild();
  }

  private buildRebuild(): string[] {
    const { hourly, window, mark } = this.tables;
    const h = columnsOf(hourly);
    const w = columnsOf(window);
    const m = columnsOf(mark);
    return [
      `INSERT INTO ${mark.table} (${m("id")}, ${m("hour")}) VALUES (1, date_trunc('hour', now(), 'UTC'))`,
      `DELETE FROM ${window.table}`,
      `INSERT INTO ${window.table} (${w("scope")}, ${w("dimension")}, ${w("span")}, ${w("key")}, ${w("uses")})
       SELECT h.${h("scope")}, h.${h("dimension")}, s.span, h.${h("key")}, sum(h.${h("uses")}) FROM ${hourly.table} h
        CROSS JOIN unnest(${WINDOW_SPANS}) AS s(span)
        WHERE h.${h("hour")} >= (SELECT ${m("hour")} FROM ${mark.table}) - make_interval(hours => s.span)
        GROUP BY 1, 2, 3, 4`,
    ];
  }

  /**
   * Rows are added in key order, so two processes flushing at once take the rows' locks in the same order
   * (no deadlock), and each batch adds its own counts once (ON CONFLICT … DO UPDATE adds, never overwrites).
   * The mark is read under a share lock: the window job waits for the flush, or the flush for the job and
   * then sees where it moved the windows to, so no event is added to a window after its hour has left it.
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
       ), facts AS (
         SELECT s.scope, e.created_at, (e.created_at AT TIME ZONE 'UTC')::date AS day, f.dimension, f.key FROM e
          CROSS JOIN LATERAL (VALUES (e.guild_id), (0::bigint)) AS s(scope)
          CROSS JOIN LATERAL (VALUES ('outcome', e.outcome::text), ('command', e.command::text),
            ('locale', e.locale::text), ('latency', ${latencyBucket("e.latency_ms")}::text), ('user', e.user_id::text),
            ('place', CASE WHEN s.scope = 0 THEN CASE WHEN e.guild_id IS NULL THEN 'dm' ELSE 'guild' END END))
            AS f(dimension, key)
          WHERE s.scope IS NOT NULL AND f.key IS NOT NULL
       ), daily AS (
         ${upsert(
           daily.table,
           [d("scope"), d("dimension"), d("day"), d("key"), d("uses")],
           `SELECT scope, dimension, day, key, count(*) FROM facts WHERE dimension IN (${DAILY_DIMENSIONS})
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
         )}
       ), hourly AS (
         ${upsert(
           hourly.table,
           [h("scope"), h("dimension"), h("hour"), h("key"), h("uses")],
           `SELECT scope, dimension, date_trunc('hour', created_at, 'UTC'), key, count(*) FROM facts
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
         )}
       ), mark AS (
         SELECT ${m("hour")} AS hour FROM ${mark.table} FOR SHARE
       ), windows AS (
         ${upsert(
           window.table,
           [w("scope"), w("dimension"), w("span"), w("key"), w("uses")],
           `SELECT f.scope, f.dimension, s.span, f.key, count(*) FROM facts f
             CROSS JOIN mark CROSS JOIN unnest(${WINDOW_SPANS}) AS s(span)
             WHERE f.created_at >= mark.hour - make_interval(hours => s.span)
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
         )}
       )
       ${upsert(
         totals.table,
         [t("scope"), t("dimension"), t("key"), t("uses")],
         "SELECT scope, dimension, key, count(*) FROM facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
       )}`;
  }

  /**
   * The hours that left each window are added to it negated, by its primary key (ON CONFLICT: one index
   * probe a row, never a join over the whole window table), and the mark moves in the same statement;
   * nothing else writes windows meanwhile, since the job holds the mark. Rows left at nothing are then
   * deleted (deleteSpent).
   */
  private buildAdvance(): string {
    const { hourly, window, mark } = this.tables;
    const h = columnsOf(hourly);
    const w = columnsOf(window);
    const m = columnsOf(mark);
    const columns = [w("scope"), w("dimension"), w("span"), w("key"), w("uses")];
    return `WITH moved AS (
         UPDATE ${mark.table} SET ${m("hour")} = $2::timestamptz
       )
       INSERT INTO ${window.table} AS r (${columns.join(", ")})
       SELECT h.${h("scope")}, h.${h("dimension")}, s.span, h.${h("key")}, -sum(h.${h("uses")})
         FROM unnest(${WINDOW_SPANS}) AS s(span)
         JOIN ${hourly.table} h ON h.${h("hour")} >= $1::timestamptz - make_interval(hours => s.span)
                               AND h.${h("hour")} < $2::timestamptz - make_interval(hours => s.span)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (${columns.slice(0, -1).join(", ")}) DO UPDATE SET ${w("uses")} = r.${w("uses")} + EXCLUDED.${w("uses")}`;
  }
}
