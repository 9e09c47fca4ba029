import "reflect-metadata";
import { Pool } from "pg";
import pino from "pino";
import type { DependencyContainer } from "tsyringe";
import { loadConfig, type Config } from "../../src/config";
import { buildContainer } from "../../src/container";
import { DatabaseService } from "../../src/database/database-service";
import { createLogger, type Logger } from "../../src/logger";

/** What every suite gets: the app's container and database, and a raw pg pool on the same database. */
export interface BenchContext {
  readonly container: DependencyContainer;
  readonly db: DatabaseService;
  /** A plain `pg.Pool`, sized like the app's pool, for set-up and for baselines of whole workloads. */
  readonly raw: Pool;
  /**
   * The app's own `pg.Pool` (the one TypeORM draws from), used bare: the baseline for "what the controller
   * costs" per statement. Both sides then run on the same server connections, so the ratio measures
   * Warden's layers and not which PostgreSQL backend process landed on the busier core.
   */
  readonly appPool: Pool;
  readonly config: Config;
}

/** Logs go to stderr: stdout carries only the JSON lines. */
export function benchLogger(): Logger {
  return createLogger("warn", pino.destination({ dest: 2, sync: true }));
}

export async function startApp(url: string, logger: Logger): Promise<BenchContext> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
    DB_STATEMENT_TIMEOUT_MS: "0",
  });
  const container = buildContainer(config, logger);
  const db = container.resolve(DatabaseService);
  await db.start();
  const raw = new Pool({
    connectionString: url,
    max: config.DB_POOL_MAX,
    min: config.DB_POOL_MIN,
    idleTimeoutMillis: config.DB_POOL_IDLE_MS,
    application_name: "warden-bench-raw",
  });
  raw.on("error", (error) => logger.warn({ err: error }, "idle raw connection failed"));
  const appPool = (db.dataSource.driver as unknown as { master: Pool }).master;
  return { container, db, raw, appPool, config };
}

export async function stopApp(context: BenchContext): Promise<void> {
  await context.raw.end();
  await context.db.close();
}

/** Untimed housekeeping between write trials; CHECKPOINT needs privileges an external server may not give. */
export async function settle(context: BenchContext, table: string): Promise<void> {
  await context.raw.query(`VACUUM ${table}`);
  await context.raw.query("CHECKPOINT").catch(() => undefined);
}
