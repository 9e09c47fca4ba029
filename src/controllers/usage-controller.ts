import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { UsageEvent, type UsageOutcome } from "../entities/usage-event";
import { BaseController } from "./base-controller";

export interface RecordedUsage {
  command: string;
  guildId: string | null;
  userId: string;
  outcome: UsageOutcome;
  latencyMs: number;
  /** The language Warden answered in. */
  locale: string;
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
  /** The languages Warden answered in, most used first (interactions recorded with one). */
  topLocales: Array<{ locale: string; uses: number }>;
  /** Newest day first, `YYYY-MM-DD` in UTC. */
  daily: Array<{ day: string; uses: number }>;
}

/** A guild's usage, or every guild's (and direct messages) when `guildId` is null. */
export interface UsageScope {
  guildId: string | null;
  /** Counted from this moment; null: since the beginning. */
  since: Date | null;
  limit?: number;
}

/** Interactions written in batches, and aggregates computed in SQL (rows are never loaded). */
@service()
export class UsageController extends BaseController<UsageEvent> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UsageEvent);
  }

  /** Every event in one statement, however many there are. */
  async insertAll(events: readonly RecordedUsage[]): Promise<void> {
    if (events.length === 0) return;
    const column = (property: keyof UsageEvent & string): string => this.sql.columnName(property);
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (${column("guildId")}, ${column("userId")}, ${column("command")},
         ${column("outcome")}, ${column("latencyMs")}, ${column("locale")}, ${column("createdAt")})
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[], $5::int[],
         $6::varchar[], $7::timestamptz[])`,
      [
        events.map((event) => event.guildId),
        events.map((event) => event.userId),
        events.map((event) => event.command.slice(0, 100)),
        events.map((event) => event.outcome),
        events.map((event) => Math.max(0, Math.round(event.latencyMs))),
        events.map((event) => event.locale.slice(0, 16)),
        events.map((event) => event.at.toISOString()),
      ],
    );
  }

  async summary(scope: UsageScope): Promise<UsageSummary> {
    const parameters = [scope.guildId, scope.since?.toISOString() ?? null];
    const limit = scope.limit ?? 5;
    const { table } = this.sql;
    const column = (property: keyof UsageEvent & string): string => this.sql.columnName(property);
    const [guild, outcome, latency, command, user, locale, created] = [
      column("guildId"),
      column("outcome"),
      column("latencyMs"),
      column("command"),
      column("userId"),
      column("locale"),
      column("createdAt"),
    ];
    const where = `($1::bigint IS NULL OR ${guild} = $1::bigint)
      AND ($2::timestamptz IS NULL OR ${created} >= $2::timestamptz)`;
    const top = <K extends string>(key: string, alias: K, extra = "") =>
      this.db.sql<Record<K | "uses", string>>(
        `SELECT ${key} AS "${alias}", count(*) AS uses FROM ${table} WHERE ${where} ${extra}
          GROUP BY ${key} ORDER BY uses DESC, ${key} LIMIT $3`,
        [...parameters, limit],
      );
    const [totals, commands, users, locales, daily] = await Promise.all([
      this.db.sql<Record<keyof UsageTotals, string | null>>(
        `SELECT count(*) AS total,
                count(*) FILTER (WHERE ${outcome} = 'error') AS errors,
                count(*) FILTER (WHERE ${outcome} = 'refused') AS refused,
                count(${guild}) AS "inGuilds",
                count(*) FILTER (WHERE ${guild} IS NULL) AS "inDirectMessages",
                percentile_cont(0.95) WITHIN GROUP (ORDER BY ${latency}) AS "p95LatencyMs"
           FROM ${table} WHERE ${where}`,
        parameters,
      ),
      top(command, "command"),
      top(user, "userId"),
      top(locale, "locale", `AND ${locale} IS NOT NULL`),
      this.db.sql<{ day: string; uses: string }>(
        `SELECT to_char(date_trunc('day', ${created} AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
                count(*) AS uses
           FROM ${table} WHERE ${where} GROUP BY 1 ORDER BY 1 DESC LIMIT $3`,
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
      topLocales: locales.rows.map((entry) => ({ locale: entry.locale, uses: Number(entry.uses) })),
      daily: daily.rows.map((entry) => ({ day: entry.day, uses: Number(entry.uses) })),
    };
  }
}
