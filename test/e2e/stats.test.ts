import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { StatsCog } from "../../src/cogs/stats/stats-cog";
import { UsageRecorder } from "../../src/controllers/usage-recorder";
import { DatabaseService } from "../../src/database/database-service";
import { NotificationListener } from "../../src/database/notification-listener";
import { backfillUsageRollups } from "../../src/migrations/1796143422761-UsageRollups";
import { usageWindowStatements } from "../../src/migrations/1796314671784-UsageWindows";
import { windowsUpToMarkStatements } from "../../src/migrations/1796336000000-UsageWindowsUpToMark";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_stats_w${process.env.JEST_WORKER_ID ?? "0"}`;
const HOUR_MS = 60 * 60 * 1000;

describe("usage statistics", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let db: DatabaseService;
  let guild: SimGuild;
  let otherGuild: SimGuild;
  /** Where members use Warden in several languages. */
  let languagesGuild: SimGuild;
  let owner: SimUser;
  let admin: SimUser;
  let member: SimUser;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    owner = sim.createUser({ username: "botowner" });
    admin = sim.createUser({ username: "admin" });
    member = sim.createUser({ username: "member" });
    guild = sim.createGuild({ name: "Stats Guild", ownerId: owner.id });
    otherGuild = sim.createGuild({ name: "Other Guild" });
    const managers = guild.createRole({ name: "Managers", permissions: PermissionFlagsBits.ManageGuild });
    guild.addMember(admin.id, { roles: [managers.id] });
    guild.addMember(member.id);
    languagesGuild = sim.createGuild({ name: "Languages Guild" });
    const languageManagers = languagesGuild.createRole({
      name: "Managers",
      permissions: PermissionFlagsBits.ManageGuild,
    });
    languagesGuild.addMember(admin.id, { roles: [languageManagers.id] });
    languagesGuild.addMember(member.id);
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [CoreCog, StatsCog],
      // No periodic flush during the tests (only the one at start): the flushes here are the tests' own.
      env: { OWNER_IDS: owner.id, USAGE_FLUSH_MS: "3600000" },
    }));
    db = app.container.resolve(DatabaseService);
    // Once listening, members' languages stay remembered (starting to listen forgets what came before).
    await app.container.resolve(NotificationListener).ready();
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (userId: string, name: string, options: Record<string, string> = {}) =>
    sim.command({ guildId: guild.id, userId, name, options }).answer();

  it("records an interaction without a statement on its path, and flushes many in one statement", async () => {
    const recorder = app.container.resolve(UsageRecorder);
    await run(member.id, "ping");
    await eventually(() => recorder.pendingCount === 1);
    // A flush held behind a table lock keeps the periodic flush waiting, so the window below sees only
    // what the interaction itself does.
    const locker = new Client({ connectionString: databaseUrl });
    await locker.connect();
    let held: Promise<void> | undefined;
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE usage_events IN ACCESS EXCLUSIVE MODE");
      held = recorder.flush();
      await waitForBlockedInsert(databaseUrl);
      const { statements } = await db.queries.record(async () => {
        const reply = await run(member.id, "ping");
        expect(reply.content).toMatch(/^Pong!/);
        await eventually(() => recorder.pendingCount === 1);
      });
      expect(statements).toEqual([]);
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    await held;
    for (let index = 0; index < 4; index += 1) await run(member.id, "ping");
    await eventually(() => recorder.pendingCount === 5);
    const flushed = await db.queries.record(() => recorder.flush());
    expect(flushed.statements).toHaveLength(1);
    expect(flushed.statements[0]).toMatch(/INSERT INTO "usage_events"/);
    const stored = await db.sql<{ command: string; outcome: string; count: string }>(
      "SELECT command, outcome, count(*) AS count FROM usage_events GROUP BY 1, 2",
    );
    expect(stored.rows).toEqual([{ command: "/ping", outcome: "ok", count: "6" }]);
  });

  describe("on seeded data", () => {
    const at = (hoursAgo: number): Date => new Date(Date.now() - hoursAgo * HOUR_MS);
    const day = (date: Date): string => date.toISOString().slice(0, 10);
    let recent: Date;
    let yesterday: Date;

    // One transaction: the bot's window job, which may run meanwhile, sees all of it or none of it.
    beforeAll(() => db.transaction(seed));

    async function seed(): Promise<void> {
      await db.sql(
        "TRUNCATE usage_events, usage_daily, usage_totals, usage_hourly, usage_window, usage_window_mark",
      );
      recent = at(1);
      yesterday = at(25);
      const alice = "100000000000000001";
      const bob = "100000000000000002";
      const carol = "100000000000000003";
      const dave = "100000000000000004";
      // [guild, user, command, outcome, latency, when]
      const rows: Array<[string | null, string, string, string, number, Date]> = [
        [guild.id, alice, "/ping", "ok", 10, recent],
        [guild.id, alice, "/ping", "ok", 20, recent],
        [guild.id, alice, "/ping", "error", 30, recent],
        [guild.id, bob, "/ping", "ok", 40, recent],
        [guild.id, bob, "/ping", "ok", 50, yesterday],
        [guild.id, alice, "/about", "ok", 60, yesterday],
        [guild.id, alice, "/about", "refused", 70, yesterday],
        [guild.id, alice, "/about", "ok", 80, yesterday],
        [guild.id, bob, "/case show", "error", 90, yesterday],
        [guild.id, bob, "/case show", "ok", 100, yesterday],
        [guild.id, carol, "/ping", "ok", 500, at(40 * 24)],
        [otherGuild.id, dave, "/ping", "ok", 5, recent],
        [otherGuild.id, dave, "/ping", "ok", 5, recent],
        [otherGuild.id, dave, "/ping", "ok", 5, recent],
        [null, alice, "/about", "ok", 15, recent],
        [null, alice, "/about", "ok", 15, recent],
      ];
      await db.sql(
        `INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms, created_at)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[], $5::int[], $6::timestamptz[])`,
        [0, 1, 2, 3, 4, 5].map((column) =>
          rows.map((row) => {
            const value = row[column];
            return value instanceof Date ? value.toISOString() : value;
          }),
        ),
      );
      // Events recorded before the roll-ups and windows existed: the migrations add them up.
      await backfillUsageRollups((sql) => db.sql(sql));
      const { hourly, mark, windows } = usageWindowStatements();
      for (const statement of [hourly, mark, windows, ...windowsUpToMarkStatements("-")])
        await db.sql(statement);
    }

    it("shows a guild's admins their guild for the last 7 days", async () => {
      const reply = await run(admin.id, "stats", { period: "7d" });
      expect(reply.ephemeral).toBe(true);
      // p95 of 10..100 step 10: position 0.95 × 9 = 8.55 → 90 + 0.55 × 10 = 95.5 ms.
      expect(reply.content).toBe(
        [
          "Usage in this server, last 7 days: 10 interactions, 2 errors (20.0%), 1 refused, p95 latency 95.5 ms.",
          "Top commands: /ping 5, /about 3, /case show 2",
          "Top users: <@100000000000000001> 6, <@100000000000000002> 4",
          `Daily: ${day(recent)} 4, ${day(yesterday)} 6`,
        ].join("\n"),
      );
    });

    it("includes older use for all time and excludes it from the last 24 hours", async () => {
      const all = await run(admin.id, "stats", { period: "all" });
      // 10..100 and 500: position 0.95 × 10 = 9.5 → 100 + 0.5 × 400 = 300 ms.
      expect(all.content?.split("\n")[0]).toBe(
        "Usage in this server, all time: 11 interactions, 2 errors (18.2%), 1 refused, p95 latency 300 ms.",
      );
      expect(all.content).toContain("Top commands: /ping 6, /about 3, /case show 2");
      const day1 = await run(admin.id, "stats", { period: "24h" });
      // 10, 20, 30, 40: position 0.95 × 3 = 2.85 → 30 + 0.85 × 10 = 38.5 ms.
      expect(day1.content?.split("\n")[0]).toBe(
        "Usage in this server, last 24 hours: 4 interactions, 1 error (25.0%), 0 refused, p95 latency 38.5 ms.",
      );
    });

    it("shows owners every guild with the guild versus direct-message split", async () => {
      const reply = await run(owner.id, "stats", { period: "7d" });
      // 5,5,5,10,15,15,20..100 (15 values): position 0.95 × 14 = 13.3 → 90 + 0.3 × 10 = 93 ms.
      expect(reply.content).toBe(
        [
          "Usage across all servers, last 7 days: 15 interactions, 2 errors (13.3%), 1 refused, p95 latency 93 ms.",
          "In servers: 13. In direct messages: 2.",
          "Top commands: /ping 8, /about 5, /case show 2",
          "Top users: <@100000000000000001> 8, <@100000000000000002> 4, <@100000000000000004> 3",
          `Daily: ${day(recent)} 9, ${day(yesterday)} 6`,
        ].join("\n"),
      );
    });

    it("refuses members without Manage Server", async () => {
      const reply = await run(member.id, "stats");
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe("You need the Manage Server permission to use /stats.");
    });
  });

  it("records the language of every answer and shows the top languages, in the reader's language", async () => {
    const recorder = app.container.resolve(UsageRecorder);
    const inLocale = (
      locale: string,
      name: string,
      userId = member.id,
      options: Record<string, string> = {},
    ) => sim.command({ guildId: languagesGuild.id, userId, name, options, locale }).answer();
    expect((await inLocale("de", "ping")).content).toMatch(/^Pong!/);
    await inLocale("de", "about");
    await inLocale("es-ES", "ping");
    await inLocale("en-GB", "ping");
    const stored = () =>
      db.sql<{ locale: string; count: string }>(
        "SELECT locale, count(*) AS count FROM usage_events WHERE guild_id = $1 GROUP BY 1 ORDER BY 1",
        [languagesGuild.id],
      );
    await eventuallyAsync(async () => {
      await recorder.flush();
      return (await stored()).rows.reduce((sum, row) => sum + Number(row.count), 0) === 4;
    });
    expect((await stored()).rows).toEqual([
      { locale: "de", count: "2" },
      { locale: "en", count: "1" },
      { locale: "es-ES", count: "1" },
    ]);
    const german = await inLocale("de", "stats", admin.id, { period: "24h" });
    const lines = german.content?.split("\n") ?? [];
    expect(lines[0]).toMatch(
      /^Nutzung auf diesem Server, letzte 24 Stunden: 4 Interaktionen, 0 Fehler \(0,0\s%\), 0 abgelehnt, p95-Latenz [\d.,]+ ms\.$/,
    );
    expect(lines.slice(1, 4)).toEqual([
      "Häufigste Befehle: /ping 3, /about 1",
      `Aktivste Nutzer: <@${member.id}> 4`,
      "Sprachen: Deutsch 2, English 1, Español 1",
    ]);
    expect(lines[4]).toMatch(/^Täglich: \d{4}-\d{2}-\d{2} 4$/);
    const refused = await inLocale("es-ES", "stats");
    expect(refused.content).toBe("Necesitas el permiso Gestionar servidor para usar /estadísticas.");
  });

  // Last: it stops the app.
  it("flushes what is still buffered on shutdown", async () => {
    const recorder = app.container.resolve(UsageRecorder);
    await recorder.flush();
    await run(member.id, "ping");
    await run(member.id, "about");
    await eventually(() => recorder.pendingCount === 2);
    await app.stop();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const stored = await client.query<{ command: string }>(
        "SELECT command FROM usage_events WHERE user_id = $1 AND created_at > now() - interval '1 hour' ORDER BY id",
        [member.id],
      );
      expect(stored.rows.map((row) => row.command).slice(-2)).toEqual(["/ping", "/about"]);
    } finally {
      await client.end();
    }
  });
});

/**
 * Waits until a backend is blocked on the table lock. The query text can't identify it: a statement that
 * blocks while being parsed (extended protocol) still shows its previous query and state "idle". Asked
 * outside the lock holder's transaction: pg_stat_activity is read once per transaction, so a holder asking
 * again would see its first answer for good.
 */
async function waitForBlockedInsert(databaseUrl: string): Promise<void> {
  const observer = new Client({ connectionString: databaseUrl });
  await observer.connect();
  try {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const waiting = await observer.query<{ count: string }>(
        `SELECT count(*) AS count FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if (waiting.rows[0]?.count === "1") return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await observer.end();
  }
  throw new Error("the flush never reached the lock");
}
