import type { EntitySql } from "../database/entity-sql";
import type { UsageDaily, UsageDimension } from "../entities/usage-daily";
import type { UsageEvent } from "../entities/usage-event";
import type { UsageTotal } from "../entities/usage-total";
import { latencyBucket } from "./usage-latency";

/** Whose use a statement counts: one guild's (`$1` its id), or every guild's and direct messages (`$1` 0). */
export type UsageScopeKind = "guild" | "global";
/** All time (the totals), or from a moment (`$2`) to now. */
export type UsagePeriodKind = "all" | "since";

/**
 * The statements of the usage statistics, with names from the entities' metadata. A bounded period is
 * served by the daily roll-ups for its whole days after the day it starts in, and by the raw events for
 * the rest of that first day (at most a day of one scope's rows, through an index): the answer is the
 * same as counting the raw events, whatever their number.
 */
export class UsageSql {
  /** `$1`…`$7` the events' columns as arrays: writes them and adds them to the roll-ups, in one statement. */
  readonly insertAll: string;
  private readonly e: Readonly<Record<keyof UsageEvent, string>>;

  constructor(
    private readonly events: EntitySql<UsageEvent>,
    private readonly daily: EntitySql<UsageDaily>,
    private readonly totals: EntitySql<UsageTotal>,
  ) {
    const c = (property: keyof UsageEvent): string => events.columnName(property);
    this.e = {
      id: c("id"),
      guildId: c("guildId"),
      userId: c("userId"),
      command: c("command"),
      outcome: c("outcome"),
      latencyMs: c("latencyMs"),
      locale: c("locale"),
      createdAt: c("createdAt"),
    };
    this.insertAll = this.buildInsertAll();
  }

  /** `(key, uses)` of one dimension in the scope and period: `$1` scope, `$2` since (period "since"). */
  counts(dimension: UsageDimension, scope: UsageScopeKind, period: UsagePeriodKind): string {
    const d = this.rollupColumns();
    if (period === "all") {
      const t = this.totals;
      return `SELECT ${t.columnName("key")} AS key, ${t.columnName("uses")} AS uses FROM ${t.table}
               WHERE ${t.columnName("scope")} = $1 AND ${t.columnName("dimension")} = '${dimension}'`;
    }
    return `SELECT key, sum(uses) AS uses FROM (
              SELECT ${d.key} AS key, ${d.uses} AS uses FROM ${this.daily.table}
               WHERE ${d.scope} = $1 AND ${d.dimension} = '${dimension}' AND ${d.day} > ${FIRST_DAY}
              UNION ALL
              SELECT ${this.rawKey(dimension)}, 1 FROM ${this.events.table} WHERE ${this.firstDayRows(scope)}
            ) counted WHERE key IS NOT NULL GROUP BY key`;
  }

  /** `(day, uses)` newest first: `$1` scope, then `$2` since (period "since"), then the most days to list. */
  days(scope: UsageScopeKind, period: UsagePeriodKind): string {
    const d = this.rollupColumns();
    const rollup = `SELECT ${d.day} AS day, ${d.uses} AS uses FROM ${this.daily.table}
                     WHERE ${d.scope} = $1 AND ${d.dimension} = 'outcome'`;
    const rows =
      period === "all"
        ? rollup
        : `${rollup} AND ${d.day} > ${FIRST_DAY}
           UNION ALL SELECT ${FIRST_DAY}, count(*) FROM ${this.events.table} WHERE ${this.firstDayRows(scope)}`;
    const limit = period === "all" ? "$2" : "$3";
    return `SELECT to_char(d, 'YYYY-MM-DD') AS day, uses FROM (
              SELECT day AS d, sum(uses) AS uses FROM (${rows}) counted
               GROUP BY day HAVING sum(uses) > 0 ORDER BY day DESC LIMIT ${limit}
            ) newest ORDER BY d DESC`;
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
    const d = this.rollupColumns();
    return `WITH r AS (
         SELECT ${d.day} AS day, ${d.dimension} AS dimension, ${d.key} AS key, ${d.uses} AS uses
           FROM ${this.daily.table}
          WHERE ${d.scope} = $1 AND ${d.dimension} IN ('outcome', 'latency') AND ${d.day} >= $2::date
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

  /** The raw events of the period's first day, from `$2` to the next UTC midnight. */
  private firstDayRows(scope: UsageScopeKind): string {
    const { guildId, createdAt } = this.e;
    const inScope = scope === "guild" ? `${guildId} = $1 AND ` : "";
    return `${inScope}${createdAt} >= $2::timestamptz
            AND ${createdAt} < ((${FIRST_DAY} + 1)::timestamp AT TIME ZONE 'UTC')`;
  }

  private rawKey(dimension: UsageDimension): string {
    const e = this.e;
    const keys: Record<UsageDimension, string> = {
      outcome: `${e.outcome}::text`,
      place: `CASE WHEN ${e.guildId} IS NULL THEN 'dm' ELSE 'guild' END`,
      command: `${e.command}::text`,
      locale: `${e.locale}::text`,
      latency: `${latencyBucket(e.latencyMs)}::text`,
      user: `${e.userId}::text`,
    };
    return keys[dimension];
  }

  private rollupColumns(): Readonly<Record<keyof UsageDaily, string>> {
    const c = (property: keyof UsageDaily): string => this.daily.columnName(property);
    return { scope: c("scope"), dimension: c("dimension"), day: c("day"), key: c("key"), uses: c("uses") };
  }

  /**
   * Rows are added in key order, so two processes flushing at once take the rows' locks in the same order
   * (no deadlock), and each batch adds its own counts once (ON CONFLICT … DO UPDATE adds, never overwrites).
   */
  private buildInsertAll(): string {
    const e = this.e;
    const d = this.rollupColumns();
    const t = (property: keyof UsageTotal): string => this.totals.columnName(property);
    return `WITH e AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[], $5::int[],
           $6::varchar[], $7::timestamptz[]) AS e(guild_id, user_id, command, outcome, latency_ms, locale, created_at)
       ), raw AS (
         INSERT INTO ${this.events.table} (${e.guildId}, ${e.userId}, ${e.command}, ${e.outcome}, ${e.latencyMs},
           ${e.locale}, ${e.createdAt})
         SELECT * FROM e
       ), facts AS (
         SELECT s.scope, (e.created_at AT TIME ZONE 'UTC')::date AS day, f.dimension, f.key FROM e
          CROSS JOIN LATERAL (VALUES (e.guild_id), (0::bigint)) AS s(scope)
          CROSS JOIN LATERAL (VALUES ('outcome', e.outcome::text), ('command', e.command::text),
            ('locale', e.locale::text), ('latency', ${latencyBucket("e.latency_ms")}::text), ('user', e.user_id::text),
            ('place', CASE WHEN s.scope = 0 THEN CASE WHEN e.guild_id IS NULL THEN 'dm' ELSE 'guild' END END))
            AS f(dimension, key)
          WHERE s.scope IS NOT NULL AND f.key IS NOT NULL
       ), daily AS (
         INSERT INTO ${this.daily.table} AS d (${d.scope}, ${d.dimension}, ${d.day}, ${d.key}, ${d.uses})
         SELECT scope, dimension, day, key, count(*) FROM facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
         ON CONFLICT (${d.scope}, ${d.dimension}, ${d.day}, ${d.key}) DO UPDATE SET ${d.uses} = d.${d.uses} + EXCLUDED.${d.uses}
       )
       INSERT INTO ${this.totals.table} AS t (${t("scope")}, ${t("dimension")}, ${t("key")}, ${t("uses")})
       SELECT scope, dimension, key, count(*) FROM facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
       ON CONFLICT (${t("scope")}, ${t("dimension")}, ${t("key")}) DO UPDATE SET ${t("uses")} = t.${t("uses")} + EXCLUDED.${t("uses")}`;
  }
}

/** The UTC day the period starts in (`$2`). */
const FIRST_DAY = `($2::timestamptz AT TIME ZONE 'UTC')::date`;
