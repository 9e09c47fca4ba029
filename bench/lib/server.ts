import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { Logger } from "pino";
import { EmbeddedServer } from "../../src/database/embedded-server";

export const BENCH_DATABASE = "warden_bench";

/** A PostgreSQL server with a freshly created, empty `warden_bench` database on it. */
export interface BenchServer {
  kind: "external" | "embedded";
  /** URL of the fresh `warden_bench` database. */
  url: string;
  stop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * BENCH_DATABASE_URL or DATABASE_URL when set; otherwise a private embedded server in a fresh folder under
 * the OS temp dir, removed when it stops (so two bench runs on one machine never share one).
 */
export async function provideServer(logger: Logger): Promise<BenchServer> {
  const external = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (external) {
    const adminUrl =
      new URL(external).pathname === `/${BENCH_DATABASE}` ? withDatabase(external, "postgres") : external;
    await recreateDatabase(adminUrl);
    return { kind: "external", url: withDatabase(external, BENCH_DATABASE), stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-pg-"));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as "postgres", which must reach its folder
  const server = new EmbeddedServer({ dataDir, port: 0, database: "postgres", logger });
  const stop = async (): Promise<void> => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const adminUrl = await server.start();
    await recreateDatabase(adminUrl);
    return { kind: "embedded", url: withDatabase(adminUrl, BENCH_DATABASE), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function recreateDatabase(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${BENCH_DATABASE}"`);
  } finally {
    await client.end();
  }
}
