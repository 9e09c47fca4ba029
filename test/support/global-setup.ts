import "reflect-metadata";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";
import { dataSourceOptions } from "../../src/database/data-source-options";
import { provideTestServer, recreateDatabase, withAdminClient, type TestServer } from "./database-server";
import globalTeardown from "./global-teardown";
import { sweepRunDatabases, sweepRunFolders } from "./leftovers";
import { startPgBouncer, type PgBouncer } from "./pgbouncer";
import { announcePooler, poolerRequested } from "./pooler-routes";
import { newRunId, runDatabaseName, TEMPLATE } from "./test-run";

declare global {
  var __WARDEN_TEST_RUN__:
    | {
        server?: TestServer;
        pooler?: PgBouncer;
        dir: string;
        id: string;
        tmpdir: string;
        serverLine?: string;
      }
    | undefined;
}

/**
 * Gives this run its own id and folder (which becomes the workers' TMPDIR, so whatever tests write to the
 * temp dir goes with it), removes what dead runs left, starts (or finds) the test server, migrates this
 * run's template database once, and tells the workers where everything is.
 */
export default async function globalSetup(): Promise<void> {
  const tmpdir = os.tmpdir();
  await sweepRunFolders(tmpdir);
  const id = newRunId();
  const dir = mkdtempSync(path.join(tmpdir, `warden-test-${id}-`));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as "postgres", which must reach the clusters in here
  globalThis.__WARDEN_TEST_RUN__ = { dir, id, tmpdir };
  try {
    await prepare(id, dir);
  } catch (error) {
    await globalTeardown(); // jest skips globalTeardown when globalSetup fails
    throw error;
  }
}

async function prepare(id: string, dir: string): Promise<void> {
  const server = await provideTestServer(dir, id);
  if (globalThis.__WARDEN_TEST_RUN__) globalThis.__WARDEN_TEST_RUN__.server = server;
  const adminUrl = server.urlFor("postgres");
  if (server.kind === "external") await withAdminClient(adminUrl, sweepRunDatabases);
  const version = await withAdminClient(adminUrl, async (admin) => {
    const result = await admin.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version.split(" ")[0] ?? "?";
  });
  const pooler = poolerRequested() ? await startPooler(adminUrl, dir) : undefined;
  const serverLine =
    `PostgreSQL ${version}, ${server.kind}: ${server.description}` +
    (pooler ? `, through PgBouncer (transaction mode) on port ${pooler.port}` : "");
  if (globalThis.__WARDEN_TEST_RUN__) globalThis.__WARDEN_TEST_RUN__.serverLine = serverLine;
  process.stdout.write(`\nTest database server: ${serverLine}\n`);

  const template = runDatabaseName(TEMPLATE, id);
  await recreateDatabase(adminUrl, template);
  const source = new DataSource(
    dataSourceOptions({
      url: server.urlFor(template),
      poolMax: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 0,
      slowQueryMs: 0,
    }),
  );
  await source.initialize();
  await source.runMigrations({ transaction: "each" });
  await source.destroy();
  process.env.WARDEN_TEST_RUN_ID = id;
  process.env.WARDEN_TEST_ADMIN_URL = adminUrl;
  process.env.WARDEN_TEST_SERVER_KIND = server.kind;
  process.env.TMPDIR = dir;
}

/**
 * TEST_DATABASE_POOLER=1: Debian's PgBouncer in transaction mode in front of the test server, in the run's
 * folder; test databases are handed out through it (see pooler-routes.ts). Ten server connections per
 * database: the two-process tests and the tests' own clients share them. (Five starved 500 /var incr at
 * 200/s from two processes on a loaded 2-core machine: the pooler's queue, not Warden, then held back the
 * answers past Discord's 3 s.)
 */
async function startPooler(adminUrl: string, dir: string): Promise<PgBouncer> {
  const pooler = await startPgBouncer(adminUrl, { poolSize: 10, parentDir: dir });
  if (globalThis.__WARDEN_TEST_RUN__) globalThis.__WARDEN_TEST_RUN__.pooler = pooler;
  announcePooler(pooler.pooled(adminUrl));
  return pooler;
}
