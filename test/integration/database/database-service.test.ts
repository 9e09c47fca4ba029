import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { DatabaseService } from "../../../src/database/database-service";
import { DatabaseUnavailableError } from "../../../src/errors/database-errors";
import { DatabaseStatus } from "../../../src/database/lifecycle";
import { UnknownMigrationsError } from "../../../src/errors/operator-errors";
import { createLogger } from "../../../src/logger";
import { MIGRATIONS } from "../../../src/migrations";
import { withAdminClient } from "../../support/database-server";
import { eventually, eventuallyAsync } from "../../support/eventually";
import { directUrlOf } from "../../support/pooler-routes";
import { createDatabase, dropDatabase, testConfig } from "../../support/test-database";

function service(overrides: Record<string, string>): DatabaseService {
  const config = testConfig(overrides);
  return new DatabaseService(config, createLogger(config.LOG_LEVEL));
}

/** A session of its own on `url` (the direct path: never a pooler's shared one) holding advisory lock `key`. */
async function lockHolder(url: string, key: number): Promise<Client> {
  const client = new Client({ connectionString: directUrlOf(url) });
  await client.connect();
  await client.query("SELECT pg_advisory_lock($1)", [key]);
  return client;
}

/** Waits until another session of this database runs a statement containing `text`. */
function untilRunning(observer: Client, text: string): Promise<void> {
  return eventuallyAsync(
    async () =>
      (
        await observer.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0",
          [text],
        )
      ).rowCount === 1,
    5_000,
    `a session running ${text}`,
  );
}

describe("DatabaseService lifecycle", () => {
  const name = `warden_lifecycle_${process.env.JEST_WORKER_ID ?? 0}`;
  let url = "";
  beforeAll(async () => {
    url = await createDatabase(name, { migrated: true });
  });
  afterAll(() => dropDatabase(name));

  it("goes CREATED → STARTING → RUNNING → STOPPING → STOPPED and refuses work once closed", async () => {
    const db = service({ DATABASE_URL: url });
    expect(db.status).toBe(DatabaseStatus.Created);
    const starting = db.start();
    expect(db.status).toBe(DatabaseStatus.Starting);
    await db.ready();
    expect(db.status).toBe(DatabaseStatus.Running);
    expect((await db.health()).ok).toBe(true);
    const closing = db.close();
    expect(db.status).toBe(DatabaseStatus.Stopping);
    await closing;
    await starting;
    expect(db.status).toBe(DatabaseStatus.Stopped);
    await expect(db.sql("SELECT 1")).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect((await db.health()).ok).toBe(false);
  });

  it("fails with its cause when the server cannot be reached, and ready() rethrows it", async () => {
    const db = service({
      DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:1/none",
      DB_CONNECT_TIMEOUT_MS: "500",
    });
    await expect(db.start()).rejects.toThrow();
    expect(db.status).toBe(DatabaseStatus.Failed);
    await expect(db.ready()).rejects.toThrow();
    expect((await db.health()).ok).toBe(false);
    expect(db.connectionsTried()).toEqual({ primary: 1, replica: 0 }); // a refused connection counts too
  });

  it("lets work in flight finish before closing the pool", async () => {
    const db = service({ DATABASE_URL: url });
    await db.start();
    // The work waits for a lock another session holds, so it is surely still running when close() starts.
    const holder = await lockHolder(url, 4242);
    try {
      const slow = db.sql<{ done: number }>("SELECT 1 AS done FROM pg_advisory_xact_lock(4242)");
      await untilRunning(holder, "pg_advisory_xact_lock(4242)");
      const closing = db.close();
      await holder.query("SELECT pg_advisory_unlock(4242)");
      await closing;
      await expect(slow).resolves.toMatchObject({ rows: [{ done: 1 }] });
    } finally {
      await holder.end();
    }
  });

  it("keeps DB_POOL_MIN connections however long they idle, closes the rest after DB_POOL_IDLE_MS, and counts each it opens", async () => {
    const db = service({ DATABASE_URL: url, DB_POOL_MAX: "6", DB_POOL_MIN: "2", DB_POOL_IDLE_MS: "300" });
    await db.start();
    const holder = await lockHolder(url, 4343);
    // Six statements at once take six connections; queued behind the holder's lock, they keep them until
    // all six are open.
    const burst = async (): Promise<void> => {
      const queued = Array.from({ length: 6 }, () => db.sql("SELECT pg_advisory_xact_lock_shared(4343)"));
      await eventually(() => db.poolCounts()?.inUse === 6, 5_000, "six connections in use");
      await holder.query("SELECT pg_advisory_unlock(4343)");
      await Promise.all(queued);
    };
    const open = (): number => (db.poolCounts()?.inUse ?? 0) + (db.poolCounts()?.idle ?? 0);
    try {
      await burst();
      expect(db.connectionsTried()).toEqual({ primary: 6, replica: 0 });
      await eventually(() => open() === 2, 5_000, "the pool shrunk to DB_POOL_MIN");
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // three more idle timeouts
      expect(open()).toBe(2);
      await holder.query("SELECT pg_advisory_lock(4343)");
      await burst();
      expect(db.connectionsTried()).toEqual({ primary: 10, replica: 0 });
    } finally {
      await holder.end();
      await db.close();
    }
  });

  it("bounds the wait for work in flight", async () => {
    const db = service({ DATABASE_URL: url, DB_CLOSE_TIMEOUT_MS: "100" });
    await db.start();
    const stuck = db.sql("SELECT pg_sleep(30)");
    stuck.catch(() => undefined);
    await withAdminClient(url, (observer) => untilRunning(observer, "pg_sleep(30)"));
    await db.close();
    expect(db.status).toBe(DatabaseStatus.Stopped);
    await expect(stuck).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it("maps a statement timeout to a typed error, not a raw driver error", async () => {
    // DB_STATEMENT_TIMEOUT_MS is a startup parameter of each connection: on the direct path only (behind a
    // pooler the role or the pooler sets statement_timeout; README, "Behind PgBouncer").
    const db = service({ DATABASE_URL: directUrlOf(url), DB_STATEMENT_TIMEOUT_MS: "100" });
    await db.start();
    try {
      const error = await db.sql("SELECT pg_sleep(2)").catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "DatabaseError", sqlState: "57014" });
    } finally {
      await db.close();
    }
  });

  it("turns a connection killed by the server into DatabaseUnavailableError, then recovers", async () => {
    const db = service({ DATABASE_URL: url });
    await db.start();
    try {
      const victim = db.transaction(async () => {
        await db.sql("SELECT pg_sleep(5)");
      });
      await withAdminClient(url, async (admin) => {
        await untilRunning(admin, "pg_sleep(5)");
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()",
        );
      });
      await expect(victim).rejects.toBeInstanceOf(DatabaseUnavailableError);
      expect((await db.health()).ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("counts statements and reports stats", async () => {
    const db = service({ DATABASE_URL: url });
    await db.start();
    try {
      const before = db.queries.count;
      await db.sql("SELECT 1");
      await db.transaction(async () => {
        await db.sql("SELECT 2");
      });
      expect(db.queries.count - before).toBe(4); // SELECT 1, BEGIN, SELECT 2, COMMIT
      const stats = await db.stats();
      expect(stats.tables.map((t) => t.table)).toEqual(
        expect.arrayContaining([
          "guilds",
          "guild_configs",
          "users",
          "user_identities",
          "cases",
          "case_edits",
        ]),
      );
      expect(stats.databaseBytes).toBeGreaterThan(0);
      expect(stats.pool.max).toBe(20);
      expect(stats.embedded).toBe(false);
    } finally {
      await db.close();
    }
  });

  it("logs slow queries and keeps the slowest", async () => {
    const db = service({ DATABASE_URL: url, DB_SLOW_QUERY_MS: "50" });
    await db.start();
    try {
      await db.sql("SELECT pg_sleep(0.1)");
      await db.sql("SELECT 1");
      // Start-up's own statements (the migration check) may pass 50 ms on a busy machine: only these two count.
      const slow = db.queries.slowQueries().map((q) => q.query);
      expect(slow).toContain("SELECT pg_sleep(0.1)");
      expect(slow).not.toContain("SELECT 1");
    } finally {
      await db.close();
    }
  });
});

describe("DatabaseService migrations", () => {
  const name = `warden_migrations_${process.env.JEST_WORKER_ID ?? 0}`;
  afterAll(() => dropDatabase(name));

  it("applies every migration to an empty database", async () => {
    const url = await createDatabase(name, { migrated: false });
    const db = service({ DATABASE_URL: url });
    await db.start();
    try {
      const applied = await db.sql<{ name: string }>("SELECT name FROM migrations ORDER BY id");
      expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name ?? m.name));
    } finally {
      await db.close();
    }
  });

  it("refuses to start on a database holding a migration it does not know, naming it", async () => {
    const url = await createDatabase(name, { migrated: true });
    const setup = service({ DATABASE_URL: url });
    await setup.start();
    await setup.sql("INSERT INTO migrations (timestamp, name) VALUES ($1, $2)", [
      Date.now(),
      "FromTheFuture1999999999999",
    ]);
    await setup.close();

    const db = service({ DATABASE_URL: url });
    const error = await db.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMigrationsError);
    expect((error as UnknownMigrationsError).message).toContain("FromTheFuture1999999999999");
    expect(db.status).toBe(DatabaseStatus.Failed);
  });
});

describe("DatabaseService with the embedded server", () => {
  it("creates DATA_DIR, initialises a cluster, applies migrations, and reuses it on the next start", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "warden-embedded-"));
    chmodSync(parent, 0o755); // as root, the server runs as "postgres", which must reach DATA_DIR
    const dataDir = path.join(parent, "data");
    try {
      const first = service({ DATA_DIR: dataDir });
      await first.start();
      expect(first.isEmbedded).toBe(true);
      expect(existsSync(path.join(dataDir, "pg", "PG_VERSION"))).toBe(true);
      const tables = await first.sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('guilds', 'cases', 'users')",
      );
      expect(tables.rows[0]?.n).toBe(3);
      await first.sql("INSERT INTO guilds (id) VALUES (42)");
      await first.close();

      const second = service({ DATA_DIR: dataDir });
      await second.start();
      const kept = await second.sql<{ n: number }>("SELECT count(*)::int AS n FROM guilds");
      expect(kept.rows[0]?.n).toBe(1);
      await second.close();
    } finally {
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
