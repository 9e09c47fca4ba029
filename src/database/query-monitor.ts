import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "pino";

export interface SlowQuery {
  readonly ms: number;
  readonly query: string;
  readonly at: Date;
}

const KEEP_SLOWEST = 20;

/** Told of every statement once it has run: how long it took and whether it succeeded. */
export type StatementListener = (milliseconds: number, success: boolean) => void;

/**
 * TypeORM's logger hook, used as Warden's query counter and slow-query log. Every statement a query
 * runner sends passes through `logQuery`, including BEGIN/COMMIT/SAVEPOINT, so the count is the number
 * of round trips a piece of code costs.
 */
export class QueryMonitor implements TypeOrmLogger {
  private total = 0;
  private readonly recorders = new Set<string[]>();
  private readonly slowest: SlowQuery[] = [];
  private readonly listeners: StatementListener[] = [];

  constructor(private readonly logger: Logger) {}

  get count(): number {
    return this.total;
  }

  /** Runs `work` and returns the statements sent while it ran (all connections, so run it alone). */
  async record<R>(work: () => Promise<R>): Promise<{ result: R; statements: string[] }> {
    const statements: string[] = [];
    this.recorders.add(statements);
    try {
      const result = await work();
      return { result, statements };
    } finally {
      this.recorders.delete(statements);
    }
  }

  /**
   * Calls `listener` after every statement, whichever path sent it: DatabaseService's own pooled statements
   * report here, and it forwards TypeORM's afterQuery for the rest (transactions, repositories).
   */
  onStatement(listener: StatementListener): void {
    this.listeners.push(listener);
  }

  statementDone(milliseconds: number, success: boolean): void {
    for (const listener of this.listeners) listener(milliseconds, success);
  }

  slowQueries(): readonly SlowQuery[] {
    return [...this.slowest];
  }

  logQuery(query: string): void {
    this.total += 1;
    for (const recorder of this.recorders) recorder.push(query);
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query: truncate(query) }, "query failed");
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query: truncate(query) }, "slow query");
    this.slowest.push({ ms: time, query: truncate(query), at: new Date() });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, KEEP_SLOWEST);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug({ schema: message }, "schema build");
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.logger.warn({ typeorm: message }, "typeorm warning");
    else this.logger.debug({ typeorm: message }, "typeorm");
  }
}

function truncate(query: string): string {
  return query.length > 500 ? `${query.slice(0, 500)}…` : query;
}
