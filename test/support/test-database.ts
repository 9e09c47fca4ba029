import "reflect-metadata";
import type { DependencyContainer, InjectionToken } from "tsyringe";
import { loadConfig, type Config } from "../../src/config";
import { buildContainer } from "../../src/container";
import { DatabaseService } from "../../src/database/database-service";
import { createLogger } from "../../src/logger";
import { recreateDatabase, withAdminClient } from "./database-server";
import { directUrlEnv, pooledUrl } from "./pooler-routes";
import { runDatabaseName, runScratchDir, TEMPLATE } from "./test-run";

export function adminUrl(database = "postgres"): string {
  const url = process.env.WARDEN_TEST_ADMIN_URL;
  if (!url)
    throw new Error("WARDEN_TEST_ADMIN_URL is unset: run tests through jest (globalSetup provides it)");
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh database copied from the migrated template (or empty), for tests that need one of their own.
 * `name` is short (`warden_e2e_tags_w1`); the database itself carries the run id (`databaseName(name)`).
 * Its URL goes through the run's PgBouncer when it has one (see pooler-routes.ts).
 */
export async function createDatabase(name: string, options: { migrated: boolean }): Promise<string> {
  const database = databaseName(name);
  await recreateDatabase(adminUrl(), database, options.migrated ? databaseName(TEMPLATE) : undefined);
  return pooledUrl(adminUrl(database));
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient(adminUrl(), (client) =>
    client.query(`DROP DATABASE IF EXISTS "${databaseName(name)}" WITH (FORCE)`),
  );
}

/** The name the server knows a test database by (`createDatabase(name)` made it). */
export function databaseName(name: string): string {
  return runDatabaseName(name);
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DISCORD_TOKEN: "test-token",
    HEALTH_PORT: "0",
    // Never the checkout's ./data: an embedded server a test forgot to place goes into the run's folder.
    DATA_DIR: runScratchDir("data"),
    ...directUrlEnv(overrides.DATABASE_URL),
    ...overrides,
  });
}

export interface TestDatabase {
  readonly db: DatabaseService;
  readonly container: DependencyContainer;
  readonly url: string;
  get<T>(token: InjectionToken<T>): T;
}

/**
 * One database per jest worker, copied from the template that globalSetup migrated once. Every test
 * starts from empty tables (one TRUNCATE), against a real PostgreSQL server.
 */
export function useTestDatabase(overrides: Record<string, string> = {}): TestDatabase {
  const name = `worker_${process.env.JEST_WORKER_ID ?? "0"}`;
  let container: DependencyContainer | undefined;
  let url = "";
  let truncate = "";

  beforeAll(async () => {
    url = await createDatabase(name, { migrated: true });
    const config = testConfig({ DATABASE_URL: url, ...overrides });
    container = buildContainer(config, createLogger(config.LOG_LEVEL));
    const db = container.resolve(DatabaseService);
    await db.start();
    const tables = await db.sql<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrations'`,
    );
    truncate = `TRUNCATE ${tables.rows.map((row) => row.name).join(", ")} RESTART IDENTITY CASCADE`;
  });

  beforeEach(async () => {
    await container?.resolve(DatabaseService).sql(truncate);
  });

  afterAll(async () => {
    await container?.resolve(DatabaseService).close();
    await container?.dispose();
  });

  const ensure = (): DependencyContainer => {
    if (!container) throw new Error("the test database is used outside a test");
    return container;
  };
  return {
    get db() {
      return ensure().resolve(DatabaseService);
    },
    get container() {
      return ensure();
    },
    get url() {
      return url;
    },
    get: <T>(token: InjectionToken<T>) => ensure().resolve(token),
  };
}
