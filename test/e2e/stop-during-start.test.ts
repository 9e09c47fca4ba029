import { DiscordSimulator } from "../../simulator";
import { Client } from "pg";
import { eventuallyAsync } from "../support/eventually";
import { MainProcess } from "../support/main-process";
import { TcpProxy } from "../support/tcp-proxy";
import { directUrlOf } from "../support/pooler-routes";
import { createDatabase, dropDatabase } from "../support/test-database";

/** `docker stop` sends SIGTERM, then SIGKILL after its grace period (10 s by default). */
const DOCKER_STOP_GRACE_MS = 10_000;

describe("docker stop (SIGTERM) before Warden is running", () => {
  let sim: DiscordSimulator;
  const database = `warden_stop_start_w${process.env.JEST_WORKER_ID ?? "0"}`;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
  });
  beforeEach(async () => {
    databaseUrl = await createDatabase(database, { migrated: false });
  });
  afterEach(() => dropDatabase(database));
  afterAll(() => sim.close());

  it("stops with exit 0 while it waits for another process's migrations, without needing SIGKILL", async () => {
    // The migration lock is a session lock, taken on the direct path (never through a pooler).
    const other = new Client({ connectionString: directUrlOf(databaseUrl) });
    await other.connect();
    try {
      // Another Warden (a second replica, the previous container) is migrating: it holds the lock.
      await other.query("SELECT pg_advisory_lock(hashtextextended('warden:migrations', 0))");
      const main = new MainProcess({
        DISCORD_TOKEN: sim.token,
        DISCORD_API_URL: sim.apiUrl,
        DATABASE_URL: databaseUrl,
      });
      // This database only: another test's processes may be waiting for their own database's lock.
      await eventuallyAsync(
        async () => {
          const waiting = await other.query(
            `SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'warden-migrations'
                AND wait_event_type = 'Lock'`,
          );
          return waiting.rowCount === 1;
        },
        30_000,
        "Warden waiting for the migration lock",
      );
      expect(await main.stop(DOCKER_STOP_GRACE_MS)).toBe(0);
      expect(main.stdout).toMatch(/"signal":"SIGTERM"/);
      expect(main.stdout).not.toMatch(/"msg":"Warden is running"/);
    } finally {
      await other.end();
    }
  });

  it("stops with exit 0 and no error logged while the database is down", async () => {
    const { proxy, url } = await TcpProxy.forUrl(databaseUrl);
    proxy.down();
    try {
      const main = new MainProcess({
        DISCORD_TOKEN: sim.token,
        DISCORD_API_URL: sim.apiUrl,
        DATABASE_URL: url,
        DB_CONNECT_TIMEOUT_MS: "500",
      });
      await main.waitForLog("Warden is running");
      expect(await main.stop(DOCKER_STOP_GRACE_MS)).toBe(0);
      const errors = main.stdout.split("\n").filter((line) => /"level":(50|60)/.test(line));
      expect(errors).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
