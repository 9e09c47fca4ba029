import { createServer, type Server, type Socket } from "node:net";
import { Client, type Pool } from "pg";
import { DataSource } from "typeorm";
import { dataSourceOptions } from "../../../src/database/data-source-options";
import { isConnectionFailure, mapDatabaseError } from "../../../src/database/error-mapping";
import { DatabaseUnavailableError } from "../../../src/errors/database-errors";
import { eventually } from "../../support/eventually";
import { directUrlOf } from "../../support/pooler-routes";
import { createDatabase, dropDatabase } from "../../support/test-database";
import { runDatabaseName } from "../../support/test-run";

const DATABASE = `pool_wait_w${process.env.JEST_WORKER_ID ?? "0"}`;
// Long enough to connect on a loaded machine; the queued query below waits longer than this.
const CONNECT_TIMEOUT_MS = 1500;

function source(url: string): DataSource {
  return new DataSource(
    dataSourceOptions({
      url,
      poolMax: 1,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 0,
      slowQueryMs: 0,
    }),
  );
}

/**
 * Under a burst every pooled connection is busy and work queues for one. That wait is not an outage: it
 * used to share DB_CONNECT_TIMEOUT_MS with connecting, so a busy pool answered "the database is
 * unavailable" (seen as hundreds of refused /warn in case-concurrency on a loaded machine).
 */
describe("the connection pool", () => {
  let url = "";
  beforeAll(async () => {
    url = await createDatabase(DATABASE, { migrated: false });
  });
  afterAll(() => dropDatabase(DATABASE));

  it("lets work queue for a busy connection longer than the connect timeout", async () => {
    const db = source(url);
    await db.initialize();
    // A session lock: on the direct path, or a pooler could hand its server connection to `busy` too.
    const holder = new Client({ connectionString: directUrlOf(url) });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(11)");
      const busy = db.query("SELECT pg_advisory_xact_lock(11)"); // takes the only connection, then waits
      const pool = (db.driver as unknown as { master: Pool }).master;
      await eventually(() => pool.totalCount === 1 && pool.idleCount === 0, 5_000, "the busy connection");
      let queued: "waiting" | "answered" | Error = "waiting";
      const second = db.query("SELECT 1 AS one").then(
        () => (queued = "answered"),
        (error: Error) => (queued = error),
      );
      await eventually(() => pool.waitingCount === 1, 5_000, "the queued query");
      // The pool's timer for this wait was armed before ours, for longer than CONNECT_TIMEOUT_MS if at all:
      // whatever the machine's load, it has either fired or is still pending when ours fires.
      await new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS * 2));
      expect(queued).toBe("waiting");
      await holder.query("SELECT pg_advisory_unlock(11)");
      await busy;
      await second;
      expect(queued).toBe("answered");
    } finally {
      await holder.end();
      await db.destroy();
    }
  });

  it("still gives up connecting after the connect timeout, as an outage", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const error = await source(`postgres://nobody:nothing@127.0.0.1:${port}/none`)
        .initialize()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(isConnectionFailure(error)).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("counts a server out of connection slots (53300) as an outage, not an unexpected error", async () => {
    // A role of this run's own that may hold no connection: the server refuses it as it refuses everyone
    // once max_connections is reached (several processes' pools can get there).
    const role = runDatabaseName(`no_slots_w${process.env.JEST_WORKER_ID ?? "0"}`);
    const admin = new Client({ connectionString: directUrlOf(url) });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD 'no-slots' CONNECTION LIMIT 0`);
      const limited = new URL(directUrlOf(url));
      limited.username = role;
      limited.password = "no-slots";
      const error = await source(limited.toString())
        .initialize()
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "53300" });
      expect(mapDatabaseError(error)).toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });
});
