import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { builtOnce } from "../database/built-once";
import { EVERY_GUILD, type UsageDimension } from "../entities/usage-daily";
import { UsageEvent, type UsageOutcome } from "../entities/usage-event";
import type { UsageWindowHours } from "../entities/usage-window";
import { BaseController } from "./base-controller";
import { UsageSql, type UsagePeriodKind } from "./usage-sql";
import { UsageWriteSql, usageTables } from "./usage-write-sql";

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
  /** The last this many hours (see usagePeriodStart); null: since the beginning. */
  hours: UsageWindowHours | null;
  limit?: number;
  /** The moment the period ends: now, unless told. */
  now?: Date;
}

const HOUR_MS = 60 * 60 * 1000;

/** Where the last `hours` hours start: counted from the start of the current UTC hour, `hours` back. */
export function usagePeriodStart(hours: number, now: Date = new Date()): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - hours * HOUR_MS);
}

/**
 * How many hours the window job moves the windows in one transaction at most (after a long stop): the
 * flushes wait for each one, so it stays short.
 */
const MOST_HOURS_AT_ONCE = 6;
/**
 * The window job's statements may outlast the pool's statement timeout (starting the windows of a large
 * database reads 31 days of hourly rows): they are background work the flushes wait for, never a reply.
 */
const WINDOW_JOB_TIMEOUT = "SET LOCAL statement_timeout = '10min'";
/**
 * Each statement of the window job must see every flush committed before it: the flushes that held the
 * mark while the job waited for it included (a snapshot taken earlier would miss their hours).
 */
const WINDOW_JOB_ISOLATION = { isolation: "READ COMMITTED" } as const;
/** Events written per statement: a backlog flushed after an outage stays within the statement timeout. */
const EVENTS_PER_STATEMENT = 5_000;

/**
 * Interactions written in batches with their daily and all-time roll-ups, and aggregates computed in SQL
 * (rows are never loaded): see UsageSql for which period reads what.
 */
@service()
export class UsageController extends BaseController<UsageEvent> {
  private readonly tables = builtOnce(() => usageTables((target) => this.sqlOf(target)));
  private readonly statements = builtOnce(() => new UsageSql(this.tables()));
  private readonly writes = builtOnce(() => new UsageWriteSql(this.tables()));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UsageEvent);
  }

  /** Every event, and its counts in the roll-ups and windows: one statement per EVENTS_PER_STATEMENT. */
  async insertAll(events: readonly RecordedUsage[]): Promise<void> {
    if (events.length === 0) return;
    if (events.length <= EVENTS_PER_STATEMENT) return this.insertChunk(events);
    // All or nothing, as one statement would be: the caller puts a failed batch back whole.
    await this.db.transaction(async () => {
      for (let start = 0; start < events.length; start += EVENTS_PER_STATEMENT)
        await this.insertChunk(events.slice(start, start + EVENTS_PER_STATEMENT));
    });
  }

  private async insertChunk(events: readonly RecordedUsage[]): Promise<void> {
    await this.db.sql(this.writes().insertAll, [
      events.map((event) => event.guildId),
      events.map((event) => event.userId),
      events.map((event) => event.command.slice(0, 100)),
      events.map((event) => event.outcome),
      events.map((event) => Math.max(0, Math.round(event.latencyMs))),
      events.map((event) => event.locale.slice(0, 16)),
      events.map((event) => event.at.toISOString()),
    ]);
  }

  /**
   * Moves the windows on to the current UTC hour, adding the hours that entered them and subtracting the
   * hours that left them, six hours at most per transaction: hours moved. Every process runs it; the mark's
   * lock makes one do the work and the others find nothing left, and the flushes wait for it (or it for
   * them) so no event is counted twice or lost. Windows without a mark, or that windowsState says to reset,
   * are started again from the hours instead.
   */
  async advanceWindows(): Promise<number> {
    const writes = this.writes();
    let moved = 0;
    for (;;) {
      const state = (await this.db.sql<{ due: boolean; reset: boolean }>(writes.windowsState)).rows[0];
      if (!state || state.reset) {
        await this.rebuildWindows();
        continue;
      }
      if (!state.due) return moved;
      moved += await this.db.transaction(async () => {
        await this.db.sql(WINDOW_JOB_TIMEOUT);
        const marked = await this.db.sql<{ hour: Date; now_hour: Date }>(writes.lockMark);
        const row = marked.rows[0];
        if (!row || row.hour >= row.now_hour) return 0;
        const hours = Math.min(MOST_HOURS_AT_ONCE, (row.now_hour.getTime() - row.hour.getTime()) / HOUR_MS);
        const to = new Date(row.hour.getTime() + hours * HOUR_MS);
        await this.db.sql(writes.advance, [row.hour.toISOString(), to.toISOString()]);
        await this.db.sql(writes.deleteSpent);
        return hours;
      }, WINDOW_JOB_ISOLATION);
    }
  }

  /**
   * Starts the windows at the current hour from the hourly rows, with the flushes held off meanwhile: when
   * there is no mark (a new database, a restore without one, its row deleted) and when windowsState says
   * to reset them. Another process may have done it meanwhile: the state is read again under the lock.
   */
  private async rebuildWindows(): Promise<void> {
    const writes = this.writes();
    await this.db.transaction(async () => {
      await this.db.sql(WINDOW_JOB_TIMEOUT);
      await this.db.sql(writes.lockMarkTable);
      const state = (await this.db.sql<{ reset: boolean }>(writes.windowsState)).rows[0];
      if (state && !state.reset) return;
      for (const statement of writes.rebuild) await this.db.sql(statement);
    }, WINDOW_JOB_ISOLATION);
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
    const period: UsagePeriodKind = scope.hours === null ? "all" : "window";
    const parameters: unknown[] = [scope.guildId ?? EVERY_GUILD];
    if (scope.hours !== null)
      parameters.push(usagePeriodStart(scope.hours, scope.now).toISOString(), scope.hours);
    const limit = scope.limit ?? 5;
    const counts = (dimension: UsageDimension): string => sql.counts(dimension, period);
    const top = (dimension: UsageDimension, order = "key") =>
      this.db.sql<{ key: string; uses: string }>(sql.top(dimension, period, limit, order), parameters);
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
      this.db.sql<{ day: string; uses: string }>(sql.days(period), [
        ...parameters.slice(0, 2),
        Math.max(limit, 7),
      ]),
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
        inGuilds: scope.guildId !== null ? total : split("place", "guild"),
        inDirectMessages: scope.guildId !== null ? 0 : split("place", "dm"),
        p95LatencyMs: p95.rows[0]?.p95 ?? null,
      },
      topCommands: commands.rows.map(uses).map(({ key, uses }) => ({ command: key, uses })),
      topUsers: users.rows.map(uses).map(({ key, uses }) => ({ userId: key, uses })),
      topLocales: locales.rows.map(uses).map(({ key, uses }) => ({ locale: key, uses })),
      daily: daily.rows.map((entry) => ({ day: entry.day, uses: Number(entry.uses) })),
    };
  }
}
