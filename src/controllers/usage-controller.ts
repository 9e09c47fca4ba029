import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { builtOnce } from "../database/built-once";
import { EVERY_GUILD, UsageDaily, type UsageDimension } from "../entities/usage-daily";
import { UsageEvent, type UsageOutcome } from "../entities/usage-event";
import { UsageTotal } from "../entities/usage-total";
import { BaseController } from "./base-controller";
import { UsageSql, type UsagePeriodKind, type UsageScopeKind } from "./usage-sql";

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

/** One UTC day of a guild's interactions, for the dashboard's charts. */
export interface UsageDay {
  day: string;
  uses: number;
  errors: number;
  /** Null when no latency was recorded that day. */
  p95LatencyMs: number | null;
}

/** A guild's usage, or every guild's (and direct messages) when `guildId` is null. */
export interface UsageScope {
  guildId: string | null;
  /** Counted from this moment; null: since the beginning. */
  since: Date | null;
  limit?: number;
}

/**
 * Interactions written in batches with their daily and all-time roll-ups, and aggregates computed in SQL
 * (rows are never loaded): see UsageSql for which period reads what.
 */
@service()
export class UsageController extends BaseController<UsageEvent> {
  private readonly statements = builtOnce(
    () => new UsageSql(this.sql, this.sqlOf(UsageDaily), this.sqlOf(UsageTotal)),
  );

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UsageEvent);
  }

  /** Every event, and its counts in the roll-ups, in one statement however many there are. */
  async insertAll(events: readonly RecordedUsage[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.sql(this.statements().insertAll, [
      events.map((event) => event.guildId),
      events.map((event) => event.userId),
      events.map((event) => event.command.slice(0, 100)),
      events.map((event) => event.outcome),
      events.map((event) => Math.max(0, Math.round(event.latencyMs))),
      events.map((event) => event.locale.slice(0, 16)),
      events.map((event) => event.at.toISOString()),
    ]);
  }

  /** The guild's days with interactions from the UTC day of `since` on, oldest first. */
  async dailyHealth(guildId: string, since: Date): Promise<UsageDay[]> {
    const result = await this.db.readFromReplica(() =>
      this.db.sql<{ day: string; uses: string; errors: string; p95: number | null }>(
        this.statements().dailyHealth(),
        [guildId, since.toISOString().slice(0, 10)],
      ),
    );
    return result.rows.map((row) => ({
      day: row.day,
      uses: Number(row.uses),
      errors: Number(row.errors),
      p95LatencyMs: row.p95 === null ? null : Number(row.p95),
    }));
  }

  summary(scope: UsageScope): Promise<UsageSummary> {
    return this.db.readFromReplica(() => this.summaryNow(scope));
  }

  private async summaryNow(scope: UsageScope): Promise<UsageSummary> {
    const sql = this.statements();
    const kind: UsageScopeKind = scope.guildId === null ? "global" : "guild";
    const period: UsagePeriodKind = scope.since === null ? "all" : "since";
    const parameters: unknown[] = [scope.guildId ?? EVERY_GUILD];
    if (scope.since !== null) parameters.push(scope.since.toISOString());
    const limit = scope.limit ?? 5;
    const counts = (dimension: UsageDimension): string => sql.counts(dimension, kind, period);
    const top = (dimension: UsageDimension, order = "key") =>
      this.db.sql<{ key: string; uses: string }>(
        `SELECT key, uses FROM (${counts(dimension)}) counted ORDER BY uses DESC, ${order} LIMIT ${Number(limit)}`,
        parameters,
      );
    const [splits, p95, commands, users, locales, daily] = await Promise.all([
      this.db.sql<{ dimension: string; key: string; uses: string }>(
        `SELECT 'outcome' AS dimension, key, uses FROM (${counts("outcome")}) o
         UNION ALL SELECT 'place', key, uses FROM (${counts("place")}) p`,
        parameters,
      ),
      this.db.sql<{ p95: number }>(sql.p95(counts("latency")), parameters),
      top("command"),
      top("user", "key::bigint"),
      top("locale"),
      this.db.sql<{ day: string; uses: string }>(sql.days(kind, period), [...parameters, Math.max(limit, 7)]),
    ]);
    const split = (dimension: string, key: string): number =>
      Number(splits.rows.find((row) => row.dimension === dimension && row.key === key)?.uses ?? 0);
    const outcomes = splits.rows.filter((row) => row.dimension === "outcome");
    const total = outcomes.reduce((sum, row) => sum + Number(row.uses), 0);
    const uses = (row: { key: string; uses: string }) => ({ key: row.key, uses: Number(row.uses) });
    return {
      totals: {
        total,
        errors: split("outcome", "error"),
        refused: split("outcome", "refused"),
        inGuilds: kind === "guild" ? total : split("place", "guild"),
        inDirectMessages: kind === "guild" ? 0 : split("place", "dm"),
        p95LatencyMs: p95.rows[0]?.p95 ?? null,
      },
      topCommands: commands.rows.map(uses).map(({ key, uses }) => ({ command: key, uses })),
      topUsers: users.rows.map(uses).map(({ key, uses }) => ({ userId: key, uses })),
      topLocales: locales.rows.map(uses).map(({ key, uses }) => ({ locale: key, uses })),
      daily: daily.rows.map((entry) => ({ day: entry.day, uses: Number(entry.uses) })),
    };
  }
}
