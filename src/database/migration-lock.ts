import { Client } from "pg";

/** Every Warden process that migrates one database takes this session lock first. */
const MIGRATION_LOCK = "warden:migrations";

/**
 * Runs `work` while holding a PostgreSQL advisory lock on a connection of its own (outside the pool, which
 * may have a single connection). Processes started together wait here one after another, and the later
 * ones find nothing left to migrate. The lock dies with its connection, so a crash never leaves it held.
 */
export async function withMigrationLock<R>(
  url: string,
  connectTimeoutMs: number,
  work: () => Promise<R>,
): Promise<R> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: "warden-migrations",
  });
  client.on("error", () => undefined); // a dropped lock connection surfaces through `work` or unlock
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.end().catch(() => undefined);
  }
}
