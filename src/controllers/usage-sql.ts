import type { UsageDaily, UsageDimension } from "../entities/usage-daily";
import type { UsageHourly } from "../entities/usage-hourly";
import type { UsageWindow } from "../entities/usage-window";
import { columnsOf, type UsageTables } from "./usage-write-sql";

/** All time (the totals), or a window: the last `$3` hours, from `$2` (a UTC hour's start) on. */
export type UsagePeriodKind = "all" | "window";

/**
 * The statements that read the usage statistics, with names from the entities' metadata; `$1` is the scope
 * (a guild id, or 0 for every guild and direct messages). All time reads the totals. A window reads its
 * maintained rows (UsageWindow, every hour before the mark), corrected by the hourly rows between where the
 * window job left it and where the period starts (none when the job is on time, a few hours when it lags)
 * and by the hours from the mark on (the current hour's), so the answer is the same as counting the raw
 * events from the period's start, whatever their number and whoever asks.
 */
export class UsageSql {
  private readonly d: (property: keyof UsageDaily & string) => string;
  private readonly h: (property: keyof UsageHourly & string) => string;
  private readonly w: (property: keyof UsageWindow & string) => string;

  constructor(private readonly tables: UsageTables) {
    this.d = columnsOf(tables.daily);
    this.h = columnsOf(tables.hourly);
    this.w = columnsOf(tables.window);
  }

  /** `(key, uses)` of one dimension in the scope and period, every key with uses. */
  counts(dimension: UsageDimension, period: UsagePeriodKind): string {
    if (period === "all") {
      const t = columnsOf(this.tables.totals);
      return `SELECT ${t("key")} AS key, ${t("uses")} AS uses FROM ${this.tables.totals.table}
               WHERE ${t("scope")} = $1 AND ${t("dimension")} = '${dimension}'`;
    }
    const w = this.w;
    return `SELECT key, sum(uses) AS uses FROM (
              SELECT ${w("key")} AS key, ${w("uses")} AS uses FROM ${this.tables.window.table}
               WHERE ${this.inWindow(dimension)}
              UNION ALL
              SELECT key, uses FROM (${this.pending(dimension)}) pending
            ) counted GROUP BY key HAVING sum(uses) > 0`;
  }

  /**
   * The `limit` keys of one dimension with the most uses, ties by `order` (an SQL expression of `key`):
   * an index range of the window (its rows that need no correction, down to the limit-th one's uses, ties
   * included) beside the corrected ones, whatever the number of keys.
   */
  top(dimension: UsageDimension, period: UsagePeriodKind, limit: number, order: string): string {
    const take = Math.max(1, Math.floor(limit));
    if (period === "all")
      return `SELECT key, uses FROM (${this.counts(dimension, "all")}) counted
               ORDER BY uses DESC, ${order} LIMIT ${take}`;
    const w = this.w;
    const table = this.tables.window.table;
    // The corrected keys (the current hour's, and any the job has yet to move) are left out of the index
    // scan by a hashed subplan, so the scan stays in order and the limit stops it after `take` rows (an
    // anti-join would read the whole window first, and an array would be compared key by key on every row).
    // Each corrected key's window row is one primary-key probe: a join would hash the whole window.
    return `WITH pending AS (${this.pending(dimension)}),
            settled AS NOT MATERIALIZED (
              SELECT ${w("key")} AS key, ${w("uses")} AS uses FROM ${table} x
               WHERE ${this.inWindow(dimension, "x")}
                 AND x.${w("key")} NOT IN (SELECT key FROM pending)
            )
            SELECT key, uses FROM (
              SELECT key, uses FROM settled
               WHERE uses >= coalesce((SELECT uses FROM settled ORDER BY uses DESC OFFSET ${take - 1} LIMIT 1), 0)
              UNION ALL
              SELECT p.key, p.uses + coalesce((SELECT x.${w("uses")} FROM ${table} x
                                                 WHERE ${this.inWindow(dimension, "x")} AND x.${w("key")} = p.key), 0)
                FROM pending p
            ) counted WHERE uses > 0 ORDER BY uses DESC, ${order} LIMIT ${take}`;
  }

  /** `(day, uses)` newest first: `$1` scope, then `$2` (a window's start), then the most days to list. */
  days(period: UsagePeriodKind): string {
    const d = this.d;
    const h = this.h;
    // The newest days first, grouped in index order: the limit stops the scan (and keeps the plan small).
    const whole = `SELECT ${d("day")} AS day, sum(${d("uses")}) AS uses FROM ${this.tables.daily.table}
                    WHERE ${d("scope")} = $1 AND ${d("dimension")} = 'outcome'
                          ${period === "all" ? "" : `AND ${d("day")} > ${FIRST_DAY}`}
                    GROUP BY ${d("day")} ORDER BY ${d("day")} DESC LIMIT ${period === "all" ? "$2" : "$3"}`;
    if (period === "all")
      return `SELECT to_char(day, 'YYYY-MM-DD') AS day, uses FROM (${whole}) newest ORDER BY newest.day DESC`;
    return `SELECT to_char(day, 'YYYY-MM-DD') AS day, uses FROM (
              (${whole})
              UNION ALL
              SELECT ${FIRST_DAY}, sum(${h("uses")}) FROM ${this.tables.hourly.table}
               WHERE ${h("scope")} = $1 AND ${h("dimension")} = 'outcome' AND ${h("hour")} >= $2::timestamptz
                 AND ${h("hour")} < ((${FIRST_DAY} + 1)::timestamp AT TIME ZONE 'UTC')
              HAVING sum(${h("uses")}) > 0
            ) counted ORDER BY counted.day DESC LIMIT $3`;
  }

  /**
   * The 95th percentile of the latencies counted by `counts` (a frequency table of milliseconds to two
   * significant digits, see latencyBucket), interpolated exactly as `percentile_cont(0.95)` does over the
   * rows' latencies to those digits.
   */
  p95(counts: string): string {
    return `WITH c AS (SELECT key::int AS ms, uses FROM (${counts}) counted),
              cum AS (SELECT ms, sum(uses) OVER (ORDER BY ms) AS upto, sum(uses) OVER () AS n FROM c),
              at AS (SELECT min(ms) FILTER (WHERE upto > floor(pos)) AS lo,
                            min(ms) FILTER (WHERE upto > ceil(pos)) AS hi, min(pos) AS pos
                       FROM (SELECT ms, upto, 0.95::float8 * (n - 1)::float8 AS pos FROM cum) ranked)
            SELECT lo::float8 + (pos - floor(pos)) * (hi - lo)::float8 AS p95 FROM at WHERE pos IS NOT NULL`;
  }

  /**
   * Per UTC day from `$2` (a date) on, in scope `$1`: interactions, errors and the p95 latency (as `p95`
   * computes it, per day), from the daily roll-ups only (they hold every day whole, today included).
   */
  dailyHealth(): string {
    const d = this.d;
    return `WITH r AS (
         SELECT ${d("day")} AS day, ${d("dimension")} AS dimension, ${d("key")} AS key, ${d("uses")} AS uses
           FROM ${this.tables.daily.table}
          WHERE ${d("scope")} = $1 AND ${d("dimension")} IN ('outcome', 'latency') AND ${d("day")} >= $2::date
       ), outcomes AS (
         SELECT day, sum(uses) AS uses, coalesce(sum(uses) FILTER (WHERE key = 'error'), 0) AS errors
           FROM r WHERE dimension = 'outcome' GROUP BY day
       ), cum AS (
         SELECT day, key::int AS ms, sum(uses) OVER (PARTITION BY day ORDER BY key::int) AS upto,
                0.95::float8 * (sum(uses) OVER (PARTITION BY day) - 1)::float8 AS pos
           FROM r WHERE dimension = 'latency'
       ), at AS (
         SELECT day, min(ms) FILTER (WHERE upto > floor(pos)) AS lo,
                min(ms) FILTER (WHERE upto > ceil(pos)) AS hi, min(pos) AS pos
           FROM cum GROUP BY day
       )
       SELECT to_char(o.day, 'YYYY-MM-DD') AS day, o.uses, o.errors,
              at.lo::float8 + (at.pos - floor(at.pos)) * (at.hi - at.lo)::float8 AS p95
         FROM outcomes o LEFT JOIN at ON at.day = o.day ORDER BY o.day`;
  }

  /** The rows of window `$3` in scope `$1` of one dimension; none without a mark (see UsageWindowMark). */
  private inWindow(dimension: UsageDimension, alias?: string): string {
    const w = (property: keyof UsageWindow & string) => `${alias ? `${alias}.` : ""}${this.w(property)}`;
    return `${w("scope")} = $1 AND ${w("dimension")} = '${dimension}' AND ${w("span")} = $3::int
            AND EXISTS (SELECT FROM ${this.tables.mark.table})`;
  }

  /**
   * What the window's rows lack or have too many, per key. Window `$3` holds the hours from `mark − $3` up
   * to the mark; the period, the hours from `$2` on. So the hours between the window's start and the
   * period's start are added when the period starts earlier and subtracted when it starts later (none when
   * the job is on time, a few when it lags), and the hours from the mark on (the current hour, and any the
   * job has yet to add) are added. Without a mark the windows count nothing (they start and end at
   * infinity) and the period is counted from the hourly rows alone.
   */
  private pending(dimension: UsageDimension): string {
    const h = this.h;
    const m = columnsOf(this.tables.mark);
    const mark = `(SELECT coalesce((SELECT ${m("hour")} FROM ${this.tables.mark.table}), 'infinity') AS ${m("hour")})`;
    const windowStart = `m.${m("hour")} - make_interval(hours => $3::int)`;
    const rows = (range: string, uses: string) =>
      `SELECT h.${h("key")} AS key, ${uses} AS uses FROM ${mark} m
         JOIN ${this.tables.hourly.table} h ON h.${h("scope")} = $1 AND h.${h("dimension")} = '${dimension}'
          AND ${range}`;
    // Two index ranges (the hours between the two starts, and from the mark or the period's start on), never
    // the window's span of hourly rows between them. Summed by a window over sorted rows, not GROUP BY: the
    // planner cannot know the ranges (they depend on the mark) and would size a hash table for thousands of
    // keys, which costs more than the statement.
    return `SELECT DISTINCT ON (key) key, sum(uses) OVER (PARTITION BY key) AS uses FROM (
              ${rows(
                `h.${h("hour")} >= least(${windowStart}, $2::timestamptz)
                 AND h.${h("hour")} < greatest(${windowStart}, $2::timestamptz)`,
                `CASE WHEN h.${h("hour")} < ${windowStart} THEN h.${h("uses")}
                      WHEN h.${h("hour")} < m.${m("hour")} THEN -h.${h("uses")} ELSE 0 END`,
              )}
              UNION ALL
              ${rows(`h.${h("hour")} >= greatest(m.${m("hour")}, $2::timestamptz)`, `h.${h("uses")}`)}
            ) corrections ORDER BY key`;
  }
}

/** The UTC day the window's period starts in (`$2`). */
const FIRST_DAY = `($2::timestamptz AT TIME ZONE 'UTC')::date`;
