import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import type { UsageOutcome } from "../entities/usage-event";
import { periodInterval, type StatsPeriod } from "./stats-period";

export interface RecordedUsage {
  command: string;
  guildId: string | null;
  userId: string;
  outcome: UsageOutcome;
  latencyMs: number;
  at: Date;
}

export interface UsageTotals {
  total: number;
  errors: number;
  refused: number;
  inGuilds: number;
  inDirectMessages: number;
  /** Null when nothing was used in the period. */
  p95LatencyMs: number | null;
}

export interface UsageSummary {
  totals: UsageTotals;
  topCommands: Array<{ command: string; uses: number }>;
  topUsers: Array<{ userId: string; uses: number }>;
  /** Newest day first, `YYYY-MM-DD` in UTC. */
  daily: Array<{ day: string; uses: number }>;
}

/** A guild's usage, or every guild's (and direct messages) when `guildId` is null. */
export interface UsageScope {
  guildId: string | null;
  period: StatsPeriod;
  limit?: number;
}

const FILTER = `($1::bigint IS NULL OR guild_id = $1::bigint)
  AND ($2::interval IS NULL OR created_at >= now() - $2::interval)`;

/** Interactions written in batches, and aggregates computed in SQL (rows are never loaded). */
@service()
export class UsageController {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** Every event in one statement, however many there are. */
  async insertAll(events: readonly RecordedUsage[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.sql(
      `INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms, created_at)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[], $5::int[], $6::timestamptz[])`,
      [
        events.map((event) => event.guildId),
        events.map((event) => event.userId),
        events.map((event) => event.command.slice(0, 100)),
        events.map((event) => event.outcome),
        events.map((event) => Math.max(0, Math.round(event.latencyMs))),
        events.map((event) => event.at.toISOString()),
      ],
    );
  }

  async summary(scope: UsageScope): Promise<UsageSummary> {
    const parameters = [scope.guildId, periodInterval(scope.period)];
    const limit = scope.limit ?? 5;
    const [totals, commands, users, daily] = await Promise.all([
      this.db.sql<Record<keyof UsageTotals, string | null>>(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE outcome = 'error') AS errors,
                count(*) FILTER (WHERE outcome = 'refused') AS refused,
                count(guild_id) AS "inGuilds",
                count(*) FILTER (WHERE guild_id IS NULL) AS "inDirectMessages",
                percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS "p95LatencyMs"
           FROM usage_events WHERE ${FILTER}`,
        parameters,
      ),
      this.db.sql<{ command: string; uses: string }>(
        `SELECT command, count(*) AS uses FROM usage_events WHERE ${FILTER}
          GROUP BY command ORDER BY uses DESC, command LIMIT $3`,
        [...parameters, limit],
      ),
      this.db.sql<{ userId: string; uses: string }>(
        `SELECT user_id AS "userId", count(*) AS uses FROM usage_events WHERE ${FILTER}
          GROUP BY user_id ORDER BY uses DESC, user_id LIMIT $3`,
        [...parameters, limit],
      ),
      this.db.sql<{ day: string; uses: string }>(
        `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS uses
           FROM usage_events WHERE ${FILTER} GROUP BY 1 ORDER BY 1 DESC LIMIT $3`,
        [...parameters, Math.max(limit, 7)],
      ),
    ]);
    const row = totals.rows[0];
    return {
      totals: {
        total: Number(row?.total ?? 0),
        errors: Number(row?.errors ?? 0),
        refused: Number(row?.refused ?? 0),
        inGuilds: Number(row?.inGuilds ?? 0),
        inDirectMessages: Number(row?.inDirectMessages ?? 0),
        p95LatencyMs: row?.p95LatencyMs == null ? null : Number(row.p95LatencyMs),
      },
      topCommands: commands.rows.map((entry) => ({ command: entry.command, uses: Number(entry.uses) })),
      topUsers: users.rows.map((entry) => ({ userId: entry.userId, uses: Number(entry.uses) })),
      daily: daily.rows.map((entry) => ({ day: entry.day, uses: Number(entry.uses) })),
    };
  }
}
