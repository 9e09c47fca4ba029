import { usagePeriodStart, type UsageScope, type UsageSummary } from "../../src/controllers/usage-controller";
import type { DatabaseService } from "../../src/database/database-service";
import { latencyBucket } from "../../src/controllers/usage-latency";

const WHERE = `($1::bigint IS NULL OR guild_id = $1::bigint) AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz)`;

/**
 * `/stats` as it was computed before the roll-ups: straight from every raw event (latencies to the roll-ups'
 * two significant digits). The roll-ups must give the same answer for the same events.
 */
export async function rawUsageSummary(db: DatabaseService, scope: UsageScope): Promise<UsageSummary> {
  const since = scope.hours === null ? null : usagePeriodStart(scope.hours, scope.now);
  const parameters = [scope.guildId, since?.toISOString() ?? null];
  const limit = scope.limit ?? 5;
  const top = (key: string, extra = "") =>
    db.sql<{ key: string; uses: string }>(
      `SELECT ${key}::text AS key, count(*) AS uses FROM usage_events WHERE ${WHERE} ${extra}
        GROUP BY ${key} ORDER BY uses DESC, ${key} LIMIT $3`,
      [...parameters, limit],
    );
  const totals = await db.sql<Record<string, string | number | null>>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE outcome = 'error') AS errors,
            count(*) FILTER (WHERE outcome = 'refused') AS refused, count(guild_id) AS "inGuilds",
            count(*) FILTER (WHERE guild_id IS NULL) AS "inDirectMessages",
            percentile_cont(0.95) WITHIN GROUP (ORDER BY ${latencyBucket("latency_ms")}) AS p95
       FROM usage_events WHERE ${WHERE}`,
    parameters,
  );
  const [commands, users, locales] = [
    await top("command"),
    await top("user_id"),
    await top("locale", "AND locale IS NOT NULL"),
  ];
  const daily = await db.sql<{ day: string; uses: string }>(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS uses
       FROM usage_events WHERE ${WHERE} GROUP BY 1 ORDER BY 1 DESC LIMIT $3`,
    [...parameters, Math.max(limit, 7)],
  );
  const row = totals.rows[0] ?? {};
  const uses = (entry: { key: string; uses: string }) => ({ key: entry.key, uses: Number(entry.uses) });
  return {
    totals: {
      total: Number(row.total ?? 0),
      errors: Number(row.errors ?? 0),
      refused: Number(row.refused ?? 0),
      inGuilds: Number(row.inGuilds ?? 0),
      inDirectMessages: Number(row.inDirectMessages ?? 0),
      p95LatencyMs: row.p95 == null ? null : Number(row.p95),
    },
    topCommands: commands.rows.map(uses).map(({ key, uses }) => ({ command: key, uses })),
    topUsers: users.rows.map(uses).map(({ key, uses }) => ({ userId: key, uses })),
    topLocales: locales.rows.map(uses).map(({ key, uses }) => ({ locale: key, uses })),
    daily: daily.rows.map((entry) => ({ day: entry.day, uses: Number(entry.uses) })),
  };
}
