import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { DbCog } from "../../src/cogs/ops/db-cog";
import { EconomyController } from "../../src/controllers/economy-controller";
import { DatabaseService } from "../../src/database/database-service";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { makeCase, makeGuild } from "../support/factories";
import { migrationShown } from "../support/schema-version";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_db_command_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("/db", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let db: DatabaseService;
  let guild: SimGuild;
  let owner: SimUser;
  let member: SimUser;
  let dataDir: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    owner = sim.createUser({ username: "owner" });
    member = sim.createUser({ username: "member" });
    guild.addMember(owner.id);
    guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-db-command-"));
    ({ app, logs } = await startBot({
      sim,
      databaseUrl,
      cogs: [DbCog],
      env: { OWNER_IDS: owner.id, DATA_DIR: dataDir },
    }));
    db = app.container.resolve(DatabaseService);
    await makeGuild(app.container, guild.id);
    await makeCase(app.container, { guildId: guild.id });
    await makeCase(app.container, { guildId: guild.id });
    await app.container.resolve(EconomyController).add(guild.id, member.id, 50n, owner.id, "seed");
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const db_ = (userId: string, subcommand: string) =>
    sim.command({ guildId: guild.id, userId, name: "db", subcommand }).answer();

  it.each(["stats", "backup", "vacuum", "cleanup", "integrity"])(
    "refuses /db %s to anyone but an owner",
    async (sub) => {
      const reply = await db_(member.id, sub);
      expect(reply.content).toBe(`Only the bot's owners can use /db ${sub}.`);
      expect(reply.ephemeral).toBe(true);
    },
  );

  it("stats: size, versions, rows per table, pool use and the slowest queries", async () => {
    const reply = await db_(owner.id, "stats");
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^\*\*Database\*\* \d+(\.\d)? (B|KiB|MiB|GiB)/);
    expect(reply.content.split("\n")[1]).toBe(`**Version** 0.1.0, schema ${migrationShown()}`);
    expect(reply.content).toMatch(/\*\*Pool\*\* \d+ in use, \d+ idle, \d+ waiting \(max 20\)/);
    expect(reply.content).toMatch(/`cases` \d+/);
    expect(reply.content).toContain("**Slowest queries since start**");
  });

  it("backup: writes a file under DATA_DIR/backups and answers with its name and size", async () => {
    // A folder left open by an older version or a careless umask is tightened: backups hold message logs.
    mkdirSync(path.join(dataDir, "backups"), { mode: 0o755 });
    chmodSync(path.join(dataDir, "backups"), 0o755);
    const reply = await sim
      .command({ guildId: guild.id, userId: owner.id, name: "db", subcommand: "backup" })
      .answer(30_000);
    expect(reply.ephemeral).toBe(true);
    const match =
      /^Backup written: `(warden-backup-[\w-]+\.(?:dump|wbak\.gz))` \((\d+(?:\.\d)?) (B|KiB|MiB), (pg_dump|logical)/.exec(
        reply.content,
      );
    expect(match).not.toBeNull();
    const file = path.join(dataDir, "backups", match?.[1] ?? "");
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    if (match?.[4] === "logical") expect(reply.content).toMatch(/, \d+ rows in \d+ tables\)\.$/);
  });

  it("backup: a failing pg_dump is reported under an incident id the log holds, in the owner's language", async () => {
    // Tools that claim to match any server, then fail as pg_dump does when it cannot connect.
    const tools = mkdtempSync(path.join(os.tmpdir(), "warden-fake-pg-dump-"));
    const script = `#!/bin/sh\n[ "$1" = "--version" ] && echo "$(basename "$0") (PostgreSQL) 99.0" && exit 0\necho "pg_dump: error: connection refused" >&2\nexit 1\n`;
    for (const tool of ["pg_dump", "pg_restore"])
      writeFileSync(path.join(tools, tool), script, { mode: 0o755 });
    const pathBefore = process.env.PATH;
    process.env.PATH = `${tools}${path.delimiter}${pathBefore ?? ""}`;
    try {
      const reply = await sim
        .command({ guildId: guild.id, userId: owner.id, name: "db", subcommand: "backup", locale: "de" })
        .answer(30_000);
      const match =
        /^Die Sicherung ist fehlgeschlagen; den Grund findest du im Log unter Vorfall `(\w+)`\.$/.exec(
          reply.content,
        );
      expect(match).not.toBeNull();
      const logged = logs.find((line) => line.incidentId === match?.[1]);
      expect((logged?.err as { message?: string } | undefined)?.message).toBe(
        "pg_dump failed: pg_dump: error: connection refused",
      );
    } finally {
      process.env.PATH = pathBefore;
      rmSync(tools, { recursive: true, force: true });
    }
  });

  it("vacuum: every table, the deferred reply edited after each one", async () => {
    const handle = sim.command({ guildId: guild.id, userId: owner.id, name: "db", subcommand: "vacuum" });
    const { rows } = await db.sql<{ tables: number; first: string }>(
      'SELECT count(*)::int AS tables, min(tablename::text COLLATE "C") AS first FROM pg_tables WHERE schemaname = current_schema()',
    );
    const tables = rows[0]?.tables ?? 0;
    const edits = (): string[] =>
      sim.requests
        .filter(
          "PATCH",
          `/webhooks/${app.bot.client.application?.id ?? ""}/${handle.token}/messages/@original`,
        )
        .map((request) => (request.body as { content?: string }).content ?? "");
    await eventually(() => edits().length === tables + 1, 30_000, "the last edit");
    expect(edits()[0]).toBe(`Vacuuming ${rows[0]?.first ?? ""} (1/${tables})…`);
    expect(edits()[tables - 1]).toMatch(new RegExp(`^Vacuuming \\w+ \\(${tables}/${tables}\\)…$`));
    expect(edits()[tables]).toMatch(new RegExp(`^Vacuumed and analyzed ${tables} tables in [\\d.]+ s\\.$`));
    expect(await handle.callback()).toMatchObject({ type: 5, data: { flags: 64 } });
    const { rows: vacuumed } = await db.sql<{ last: Date | null }>(
      "SELECT last_vacuum AS last FROM pg_stat_user_tables WHERE relname = 'cases'",
    );
    expect(vacuumed[0]?.last).not.toBeNull();
  });

  it("cleanup: applies the retention rules now and says what went", async () => {
    await db.sql(
      `INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content, created_at)
       VALUES ($1, 1, 2, 3, 'old', now() - interval '40 days'), ($1, 1, 2, 4, 'new', now())`,
      [guild.id],
    );
    await db.sql(
      `INSERT INTO cooldowns (guild_id, user_id, action, expires_at)
       VALUES ($1, 2, 'daily', now() - interval '1 minute'), ($1, 3, 'daily', now() + interval '1 hour')`,
      [guild.id],
    );
    await db.sql(
      `INSERT INTO dashboard_sessions (id_hash, user_id, user_name, expires_at)
       VALUES (repeat('a', 64), 2, 'gone', now() - interval '2 days'), (repeat('b', 64), 3, 'kept', now() - interval '1 hour')`,
    );
    const reply = await db_(owner.id, "cleanup");
    expect(reply.content.split("\n")).toEqual([
      "Cleanup done: 3 rows removed.",
      "`message_log` 1",
      "`guild_events` 0",
      "`usage_events` 0",
      "`member_activity_hours` 0",
      "`usage_daily` 0",
      "`usage_hourly` 0",
      "`dashboard_sessions` 1",
      "`cooldowns` 1",
    ]);
    expect((await db_(owner.id, "cleanup")).content).toMatch(/^Cleanup done: nothing had expired\./);
  });

  it("integrity: passes on consistent data, then catches a counter broken by hand", async () => {
    const clean = await db_(owner.id, "integrity");
    expect(clean.content).toMatch(/^Integrity check passed\./);
    expect(clean.content).toMatch(
      /✅ \*\*indexes \(amcheck\)\*\*: (\d+ B-tree indexes verified|amcheck not available)/,
    );

    await db.sql("UPDATE guilds SET case_counter = case_counter + 5 WHERE id = $1", [guild.id]);
    await db.sql("UPDATE member_balances SET balance = balance + 1 WHERE guild_id = $1", [guild.id]);
    const broken = await db_(owner.id, "integrity");
    expect(broken.content).toMatch(/^Integrity check found problems in 2 checks\./);
    expect(broken.content).toContain(`❌ **case counters**: guild ${guild.id}: counter 7, highest case 2`);
    expect(broken.content).toContain(
      `❌ **balances**: member ${member.id} in ${guild.id}: balance 51, ledger 50`,
    );
    await db.sql("UPDATE guilds SET case_counter = case_counter - 5 WHERE id = $1", [guild.id]);
    await db.sql("UPDATE member_balances SET balance = balance - 1 WHERE guild_id = $1", [guild.id]);
  });

  it("answers in the owner's language: German and Spanish reports and refusals", async () => {
    const as = (userId: string, subcommand: string, locale: string) =>
      sim.command({ guildId: guild.id, userId, name: "db", subcommand, locale }).answer();
    const stats = (await as(owner.id, "stats", "de")).content.split("\n");
    expect(stats[0]).toMatch(
      /^\*\*Datenbank\*\* \d+(,\d)? (B|KiB|MiB|GiB), [\d.]+ Anweisungen seit dem Start$/,
    );
    expect(stats[1]).toBe(`**Version** 0.1.0, Schema ${migrationShown()}`);
    expect(stats[2]).toMatch(/^\*\*Pool\*\* \d+ belegt, \d+ frei, \d+ wartend \(max\. 20\)$/);
    expect((await as(owner.id, "cleanup", "de")).content.split("\n")[0]).toBe(
      "Aufräumen erledigt: nichts war abgelaufen.",
    );

    await db.sql("UPDATE guilds SET case_counter = case_counter + 1 WHERE id = $1", [guild.id]);
    try {
      const lines = (await as(owner.id, "integrity", "es-ES")).content.split("\n");
      expect(lines.slice(0, 4)).toEqual([
        "La comprobación de integridad encontró problemas en 1 comprobación.",
        `❌ **contadores de casos**: servidor ${guild.id}: contador 3, caso más alto 2`,
        "✅ **saldos**: cada saldo es igual a la suma de sus movimientos",
        "✅ **movimientos huérfanos**: cada movimiento pertenece a un miembro con saldo",
      ]);
    } finally {
      await db.sql("UPDATE guilds SET case_counter = case_counter - 1 WHERE id = $1", [guild.id]);
    }
    // The command is named as the member sees it once command mentions are localised.
    expect((await as(member.id, "backup", "es-ES")).content).toMatch(
      /^Solo los propietarios del bot pueden usar \/\S+ \S+\.$/,
    );
  });
});
