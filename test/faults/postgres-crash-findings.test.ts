import net from "node:net";
import { Writable } from "node:stream";
import { Client } from "pg";
import pino from "pino";
import type { WardenApp } from "../../src/app";
import { replyForError } from "../../src/bot/error-replies";
import { translator } from "../../src/i18n/translator";
import { buildContainer } from "../../src/container";
import { DatabaseService } from "../../src/database/database-service";
import { CommitOutcomeUnknownError, DatabaseUnavailableError } from "../../src/errors/database-errors";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase, testConfig, useTestDatabase } from "../support/test-database";

/** What killing PostgreSQL under load (test/faults/postgres-crash.test.ts) found, each pinned down. */
const database = useTestDatabase();

describe("a connection lost between two statements of a transaction", () => {
  it("fails as an outage ('unavailable'), not as an unexpected error with an incident id", async () => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const work = database.db.transaction(async (tx) => {
        const { rows } = await database.db.sql<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await admin.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
        await eventually(() => tx.manager.queryRunner?.isReleased === true, 5_000, "the lost connection");
        await database.db.sql("SELECT 1");
      });
      await expect(work).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await admin.end();
    }
  });
});

/**
 * Forwards a PostgreSQL connection and, once the client has sent COMMIT, cuts the connection instead of
 * passing the server's answer back: the transaction is committed, and the client cannot know it.
 */
async function commitCutter(target: URL): Promise<Forwarder> {
  return forwarder(target, (client, upstream) => {
    let committing = false;
    client.on("data", (chunk) => {
      if (chunk.includes("COMMIT")) committing = true;
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => (committing ? client.destroy() : client.write(chunk)));
  });
}

interface Forwarder {
  url: string;
  close: () => Promise<void>;
}

/** A forwarder on 127.0.0.1 to the server `target` names, each pair of sockets closed together; `wire` passes the data. */
async function forwarder(
  target: URL,
  wire: (client: net.Socket, upstream: net.Socket) => void,
): Promise<Forwarder> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    wire(client, upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  const url = new URL(target.toString());
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return { url: url.toString(), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("a connection lost while COMMIT is on its way", () => {
  it("is reported as 'may or may not have been saved', because it may have been", async () => {
    await database.db.sql("CREATE TABLE IF NOT EXISTS commit_probe (id int PRIMARY KEY)");
    const cutter = await commitCutter(new URL(database.url));
    const container = buildContainer(testConfig({ DATABASE_URL: cutter.url }), pino({ level: "silent" }));
    const db = container.resolve(DatabaseService);
    await db.start({ migrate: false });
    try {
      const work = db.transaction(() => db.sql("INSERT INTO commit_probe (id) VALUES (1)"));
      const error = await work.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(CommitOutcomeUnknownError);
      expect(error).toBeInstanceOf(DatabaseUnavailableError); // still an outage everywhere else
      const saved = await database.db.sql("SELECT id FROM commit_probe");
      expect(saved.rows).toEqual([{ id: 1 }]); // it was committed: "unavailable, try again" would be wrong
      expect(replyForError(error, pino({ level: "silent" }), translator("en")).content).toBe(
        "The database went away while saving that, so it may or may not have been saved; check before trying again.",
      );
    } finally {
      await db.close();
      await cutter.close();
      await database.db.sql("DROP TABLE commit_probe");
    }
  });
});

/**
 * Forwards PostgreSQL connections; once armed, it cuts those open and, on each new one, sends the end of the
 * server's start-up (ReadyForQuery) and a FATAL error in one write, as a backend does when the server dies just
 * as it has let a connection in: the driver hands the connection out and sees it fail at once.
 */
async function startupKiller(target: URL): Promise<Forwarder & { arm: () => void }> {
  const open = new Set<net.Socket>();
  let armed = false;
  const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5]);
  const forwarding = await forwarder(target, (client, upstream) => {
    const killing = armed;
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (killing && chunk.includes(readyForQuery)) {
        client.end(Buffer.concat([chunk, postmasterExit()]));
        upstream.destroy();
      } else client.write(chunk);
    });
  });
  return {
    ...forwarding,
    arm: () => {
      armed = true;
      for (const socket of open) socket.destroy();
    },
  };
}

/** The ErrorResponse a backend sends when its postmaster is gone. */
function postmasterExit(): Buffer {
  const field = (code: string, value: string) => Buffer.from(`${code}${value}\0`, "utf8");
  const body = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", "57P01"),
    field("M", "terminating connection due to unexpected postmaster exit"),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

describe("a connection that fails as soon as the pool hands it out", () => {
  // Unheard, pg's error event would end the process, which fails this test (jest catches it).
  it("fails the statement as an outage, says why in the log, and leaves the process up", async () => {
    const killer = await startupKiller(new URL(database.url));
    const logged: Array<{ msg?: string; err?: { message?: string } }> = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()) as (typeof logged)[number]);
        done();
      },
    });
    const container = buildContainer(
      testConfig({ DATABASE_URL: killer.url }),
      pino({ level: "warn" }, logStream),
    );
    const db = container.resolve(DatabaseService);
    await db.start({ migrate: false });
    try {
      killer.arm();
      await eventually(
        () => db.poolCounts()?.idle === 0 && db.poolCounts()?.inUse === 0,
        5_000,
        "pool empty",
      );
      const failureOf = (work: Promise<unknown>) =>
        work.then(
          () => undefined,
          (failure: unknown) => failure,
        );
      const pooled = await failureOf(db.sql("SELECT 1"));
      const inTransaction = await failureOf(db.transaction(() => db.sql("SELECT 1")));
      expect({ pooled, inTransaction }).toEqual({
        pooled: expect.any(DatabaseUnavailableError),
        inTransaction: expect.any(DatabaseUnavailableError),
      });
      const handedOut = logged.filter(
        (line) => line.msg === "a database connection failed as it was handed out",
      );
      expect(handedOut.map((line) => line.err?.message)).toEqual([
        "terminating connection due to unexpected postmaster exit",
        "terminating connection due to unexpected postmaster exit",
      ]);
    } finally {
      await db.close();
      await killer.close();
    }
  });
});

describe("a warning recorded just before the database fails", () => {
  const name = `warden_crash_findings_w${process.env.JEST_WORKER_ID ?? "0"}`;
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let app: WardenApp | undefined;
  let direct: Client;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    const url = await createDatabase(name, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl: url }));
    direct = new Client({ connectionString: url });
    await direct.connect();
  });
  afterAll(async () => {
    await direct?.end();
    await app?.stop();
    await sim.close();
    await dropDatabase(name);
  });

  it("is confirmed to the moderator (it is on record) when only the member's DM settings cannot be read", async () => {
    const bob = sim.createUser({ username: "bob" });
    guild.addMember(bob.id);
    await direct.query("ALTER TABLE user_preferences RENAME TO user_preferences_away");
    try {
      const reply = await sim
        .command({
          guildId: guild.id,
          userId: guild.ownerId,
          name: "warn",
          options: { user: bob.id, reason: "spam" },
        })
        .answer();
      expect(reply.content).toBe("Warned **bob** (case #1).");
    } finally {
      await direct.query("ALTER TABLE user_preferences_away RENAME TO user_preferences");
    }
    const cases = await direct.query("SELECT number, reason FROM cases WHERE target_id = $1", [bob.id]);
    expect(cases.rows).toEqual([{ number: 1, reason: "spam" }]);
    expect(sim.dmsTo(bob.id)).toEqual([]); // not knowing whether they want it, nobody is told
  });
});
