import { gzipSync } from "node:zlib";
import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ImportDownloader } from "../../src/cogs/cases/import-download";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { DiscordSimulator, type SimGuild, type SimMessage, type SimUser } from "../../simulator";
import { casesOf, seedCases } from "../../bench/lib/case-seed";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_case_archive_w${process.env.JEST_WORKER_ID ?? "0"}`;
const COUNT = 3000;

jest.setTimeout(60_000);

describe("/cases export and /cases import end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let databaseUrl: string;
  let source: SimGuild;
  let mod: SimUser;
  let exported: Buffer;
  let logs: CapturedLogs;

  /** A guild with an administrator and a moderator (Timeout Members). */
  function guildWithStaff(name: string): { guild: SimGuild; admin: SimUser; moderator: SimUser } {
    const guild = sim.createGuild({ name });
    const admin = sim.createUser({ username: `${name}-admin` });
    const moderator = sim.createUser({ username: `${name}-mod` });
    const admins = guild.createRole({
      name: "Admins",
      position: 6,
      permissions: PermissionFlagsBits.Administrator,
    });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(moderator.id, { roles: [mods.id] });
    return { guild, admin, moderator };
  }

  const run = (guild: SimGuild, userId: string, subcommand: string, options: Record<string, string> = {}) =>
    sim.command({ guildId: guild.id, userId, name: "cases", subcommand, options }).answer(30_000);

  const fileOf = (reply: SimMessage): Buffer => {
    const data = reply.attachments[0]?.data;
    if (!data) throw new Error(`no file in the answer: ${reply.content}`);
    return data;
  };

  const importInto = (guild: SimGuild, userId: string, data: Buffer, filename = "cases.json") =>
    run(guild, userId, "import", { file: sim.upload({ filename, content: data }).id });

  const caseCount = async (guildId: string) => (await casesOf(databaseUrl, guildId)).cases.length;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    ({ guild: source, moderator: mod } = guildWithStaff("source"));
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    await seedCases(databaseUrl, source.id, COUNT);
    ({ app, logs } = await startBot({ sim, databaseUrl, cogs: [ModerationCog, CasesCog] }));
    exported = fileOf(await run(source, mod.id, "export", { format: "json" }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  it("exports every case as one JSON document, a case per line, with its history and references", () => {
    const document = JSON.parse(exported.toString("utf8")) as {
      format: string;
      guildId: string;
      cases: { number: number; refersTo: number | null; edits: unknown[] }[];
    };
    expect(document).toMatchObject({ format: "warden-cases", guildId: source.id });
    expect(document.cases).toHaveLength(COUNT);
    expect(document.cases.map((kase) => kase.number)).toEqual(
      Array.from({ length: COUNT }, (_, index) => index + 1),
    );
    expect(document.cases[9]).toMatchObject({ number: 10, refersTo: 7 });
    expect(document.cases[9]?.edits).toEqual([
      expect.objectContaining({ field: "refCaseId", before: null, after: "7" }),
    ]);
    expect(exported.toString("utf8").split("\n")).toHaveLength(COUNT + 3);
  });

  it("imports the file into an empty guild: every case, edit and reference, row by row", async () => {
    const { guild: target, admin } = guildWithStaff("target");
    const reply = await importInto(target, admin.id, exported);
    expect(reply.ephemeral).toBe(true);
    if (/incident/.test(reply.content))
      console.log(
        JSON.stringify(
          logs.lines.filter((line) => line.incidentId),
          null,
          1,
        ).slice(0, 3000),
      );
    expect(reply.content).toBe(`Imported 3,000 cases (#1–#${COUNT}), with their history and references.`);
    const [before, after] = [await casesOf(databaseUrl, source.id), await casesOf(databaseUrl, target.id)];
    expect(after.cases).toHaveLength(COUNT);
    expect(after.cases).toEqual(before.cases);
    expect(after.edits.length).toBeGreaterThan(COUNT / 5);
    expect(after.edits).toEqual(before.edits);
    // New cases carry on after the imported numbers.
    const bob = sim.createUser({ username: "bob" });
    target.addMember(bob.id);
    const warned = await sim
      .command({ guildId: target.id, userId: admin.id, name: "warn", options: { user: bob.id, reason: "x" } })
      .answer();
    expect(warned.content).toContain(`case #${COUNT + 1}`);
  });

  it("links references and history without reading the guild's cases once per lookup", async () => {
    // The statistics know the guild as empty: by them, its (guild, created_at) index looks as cheap as any,
    // and a lookup or join through the guild read every case imported so far (once per row, or per batch).
    const { guild: target, admin } = guildWithStaff("planned");
    const stats = new Client({ connectionString: databaseUrl });
    await stats.connect();
    try {
      const read = async () => {
        const { rows } = await stats.query<{ inserted: string; scanned: string }>(
          `SELECT (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'cases') AS inserted,
                  (SELECT idx_tup_read FROM pg_stat_user_indexes
                    WHERE indexrelname = 'ix_cases_guild_created') AS scanned`,
        );
        return { inserted: Number(rows[0]?.inserted), scanned: Number(rows[0]?.scanned) };
      };
      const before = await read();
      expect((await importInto(target, admin.id, exported)).content).toMatch(/^Imported 3,000 cases/);
      // A backend reports its counters once idle, within seconds; the import's inserts show they are in.
      let after = before;
      await eventuallyAsync(
        async () => {
          after = await read();
          return after.inserted >= before.inserted + COUNT;
        },
        20_000,
        "the import's counters",
      );
      expect(after.scanned - before.scanned).toBeLessThan(COUNT);
    } finally {
      await stats.end();
    }
  });

  it("refuses a file whose case numbers the guild already has, and imports nothing", async () => {
    const { guild: target, admin } = guildWithStaff("taken");
    await seedCases(databaseUrl, target.id, 2);
    const reply = await importInto(target, admin.id, exported);
    expect(reply.content).toBe(
      "This server already has case #1, #2, which the file holds too. Nothing was imported.",
    );
    expect(await caseCount(target.id)).toBe(2);
  });

  it("is all or nothing: a bad line near the end, or a reference nothing resolves, leaves the guild untouched", async () => {
    const { guild: target, admin } = guildWithStaff("atomic");
    const lines = exported.toString("utf8").split("\n");
    const broken = [...lines.slice(0, COUNT - 1), '{"number": "nope"},', ...lines.slice(COUNT)].join("\n");
    expect((await importInto(target, admin.id, Buffer.from(broken))).content).toBe(
      `Line ${COUNT} of the file is not a well-formed case. Nothing was imported.`,
    );
    const header = lines[0] ?? "";
    const dangling = `${header}\n{"number":5,"type":"warn","targetId":"100000000000000001","moderatorId":"200000000000000001","reason":"x","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","expiresAt":null,"processed":false,"voided":false,"pending":false,"settleNote":null,"refersTo":4,"edits":[]}\n]}\n`;
    expect((await importInto(target, admin.id, Buffer.from(dangling))).content).toBe(
      "Case #5 refers to case #4, which neither the file nor this server has. Nothing was imported.",
    );
    const truncated = lines.slice(0, 100).join("\n");
    expect((await importInto(target, admin.id, Buffer.from(truncated))).content).toMatch(/cut short/);
    expect((await importInto(target, admin.id, Buffer.from("name,reason\nx,y\n"))).content).toBe(
      "That file is not a Warden case export (JSON). Nothing was imported.",
    );
    expect(await caseCount(target.id)).toBe(0);
  });

  it("takes only an edit's own fields: a key naming another guild's case, or another number, moves nothing", async () => {
    const { guild: target, admin } = guildWithStaff("hostile");
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const edited = async (): Promise<number> => {
        const { rows } = await db.query<{ edits: string }>(
          "SELECT count(*) AS edits FROM case_edits e JOIN cases c ON c.id = e.case_id WHERE c.guild_id = $1",
          [source.id],
        );
        return Number(rows[0]?.edits);
      };
      const { rows } = await db.query<{ id: number }>(
        "SELECT id FROM cases WHERE guild_id = $1 AND number = 1",
        [source.id],
      );
      const victim = rows[0]?.id;
      const before = await edited();
      const header = exported.toString("utf8").split("\n")[0] ?? "";
      const edit = (extra: Record<string, unknown>) => ({
        editorId: "200000000000000009",
        field: "reason",
        before: "a",
        after: "injected",
        note: null,
        editedAt: "2026-01-01T00:00:00Z",
        ...extra,
      });
      const kase = (number: number, edits: unknown[]) =>
        JSON.stringify({
          number,
          type: "warn",
          targetId: "100000000000000001",
          moderatorId: "200000000000000001",
          reason: "x",
          createdAt: "2026-01-01T00:00:00Z",
          updatedAt: "2026-01-01T00:00:00Z",
          expiresAt: null,
          processed: false,
          voided: false,
          pending: false,
          settleNote: null,
          refersTo: null,
          edits,
        });
      const file = `${header}\n${kase(1, [edit({ caseId: victim })])},\n${kase(2, [edit({ number: 1 })])}\n]}\n`;
      expect((await importInto(target, admin.id, Buffer.from(file))).content).toMatch(/^Imported 2 cases/);
      expect(await edited()).toBe(before);
      const { rows: landed } = await db.query<{ number: number; after: string }>(
        `SELECT c.number, e.after FROM case_edits e JOIN cases c ON c.id = e.case_id
          WHERE c.guild_id = $1 ORDER BY c.number`,
        [target.id],
      );
      expect(landed).toEqual([
        { number: 1, after: "injected" },
        { number: 2, after: "injected" },
      ]);
    } finally {
      await db.end();
    }
  });

  it("refuses case numbers past what the guild's counter can go beyond, so moderation still works after", async () => {
    const { guild: target, admin, moderator } = guildWithStaff("huge-numbers");
    const header = exported.toString("utf8").split("\n")[0] ?? "";
    const caseLine = (number: number) =>
      `{"number":${number},"type":"warn","targetId":"100000000000000001","moderatorId":"200000000000000001","reason":"x","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","expiresAt":null,"processed":false,"voided":false,"pending":false,"settleNote":null,"refersTo":null,"edits":[]}`;
    const farReference = caseLine(1).replace(
      '"edits":[]',
      '"edits":[{"editorId":"200000000000000001","field":"refCaseId","before":null,"after":"99999999999","note":null,"editedAt":"2026-01-01T00:00:00Z"}]',
    );
    for (const line of [caseLine(2_147_483_647), caseLine(2_147_483_648), farReference]) {
      const file = Buffer.from(`${header}\n${line}\n]}\n`);
      expect((await importInto(target, admin.id, file)).content).toBe(
        "Line 2 of the file is not a well-formed case. Nothing was imported.",
      );
    }
    const member = sim.createUser({ username: "after-import" });
    target.addMember(member.id);
    const warned = await sim
      .command({
        guildId: target.id,
        userId: moderator.id,
        name: "warn",
        options: { user: member.id, reason: "x" },
      })
      .answer();
    expect(warned.content).toMatch(/^Warned/);
  });

  it("reads a gzipped export too", async () => {
    const { guild: target, admin } = guildWithStaff("gzip");
    const reply = await importInto(target, admin.id, gzipSync(exported), "cases.json.gz");
    expect(reply.content).toMatch(/^Imported 3,000 cases/);
    expect((await casesOf(databaseUrl, target.id)).cases).toEqual(
      (await casesOf(databaseUrl, source.id)).cases,
    );
  });

  it("lets only an Administrator or the owner import", async () => {
    const { guild: target, moderator } = guildWithStaff("perm");
    const reply = await importInto(target, moderator.id, exported);
    expect(reply.content).toBe("You need the Administrator permission to use /cases import.");
    expect(await caseCount(target.id)).toBe(0);
    const owner = await importInto(target, target.ownerId, exported);
    expect(owner.content).toMatch(/^Imported/);
  });

  it("refuses a file over the cap without downloading it, and says so when the download fails", async () => {
    const { guild: target, admin } = guildWithStaff("large");
    const before = sim.requests.filter("GET", /^\/attachments\//).length;
    const big = await importInto(target, admin.id, Buffer.alloc(26 * 1024 * 1024, 32));
    expect(big.content).toBe("That file is larger than 25 MB, the most I read. Nothing was imported.");
    const downloads = () => sim.requests.filter("GET", /^\/attachments\//).length;
    expect(downloads()).toBe(before);
    sim.faults.inject({ method: "GET", path: /^\/attachments\//, status: 404 });
    const failed = await importInto(target, admin.id, exported);
    expect(failed.content).toBe(
      "I couldn't download that file from Discord; try again. Nothing was imported.",
    );
    expect(await caseCount(target.id)).toBe(0);
  });

  it("downloads only from Discord's CDN, cuts off a file larger than it said, and gives up on a silent one", async () => {
    const { guild: target, admin } = guildWithStaff("cdn");
    const downloads = () => sim.requests.filter("GET", /^\/attachments\//).length;
    const before = downloads();
    const elsewhere = sim.upload({
      filename: "cases.json",
      content: exported,
      origin: sim.cdnUrl.replace("127.0.0.1", "localhost"),
    });
    const refused = await run(target, admin.id, "import", { file: elsewhere.id });
    expect(refused.content).toBe(
      "That file isn't stored on Discord, so I won't download it. Nothing was imported.",
    );
    expect(downloads()).toBe(before);

    const downloader = app.container.resolve(ImportDownloader);
    const limits = { ...downloader.limits };
    try {
      downloader.limits.maxBytes = 1024 * 1024;
      const lying = sim.upload({
        filename: "cases.json",
        content: Buffer.alloc(2 * 1024 * 1024, 32),
        size: 10,
      });
      expect((await run(target, admin.id, "import", { file: lying.id })).content).toBe(
        "That file is larger than 1 MB, the most I read. Nothing was imported.",
      );
      Object.assign(downloader.limits, { maxBytes: limits.maxBytes, timeoutMs: 300 });
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      sim.faults.inject({ method: "GET", path: /^\/attachments\//, times: 1, hold: () => held });
      try {
        expect((await importInto(target, admin.id, exported)).content).toBe(
          "I couldn't download that file from Discord; try again. Nothing was imported.",
        );
      } finally {
        release();
      }
    } finally {
      Object.assign(downloader.limits, limits);
    }
    expect(await caseCount(target.id)).toBe(0);
  });

  it("exports CSV with formulas defused, and filters by date", async () => {
    const csv = fileOf(await run(source, mod.id, "export", { format: "csv" })).toString("utf8");
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "number,type,target_id,moderator_id,reason,created_at,expires_at,voided,pending,refers_to,edits",
    );
    expect(csv).toContain(`'=HYPERLINK(""http://x"", ""click"") 13`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    const since = await run(source, mod.id, "export", { format: "json", since: "2026-01-03" });
    const recent = JSON.parse(fileOf(since).toString("utf8")) as { cases: { createdAt: string }[] };
    expect(recent.cases.length).toBeGreaterThan(0);
    expect(recent.cases.length).toBeLessThan(COUNT);
    expect(recent.cases.every((kase) => kase.createdAt >= "2026-01-03")).toBe(true);
  });

  it("exports one member's cases", async () => {
    const { guild, moderator } = guildWithStaff("member");
    await seedCases(databaseUrl, guild.id, 20);
    const carol = sim.createUser({ username: "carol" });
    guild.addMember(carol.id);
    await sim
      .command({
        guildId: guild.id,
        userId: moderator.id,
        name: "warn",
        options: { user: carol.id, reason: "hers" },
      })
      .answer();
    const reply = await run(guild, moderator.id, "export", { format: "json", user: carol.id });
    expect(reply.content).toBe("1 case exported.");
    const { cases } = JSON.parse(fileOf(reply).toString("utf8")) as {
      cases: { number: number; reason: string }[];
    };
    expect(cases).toEqual([expect.objectContaining({ number: 21, reason: "hers" })]);
  });

  it("refuses a `since` that is neither a date nor a time ago, naming the option", async () => {
    const reply = await run(source, mod.id, "export", { format: "json", since: "yesterday" });
    expect(reply.content).toContain("`since`: must be a date (2026-01-31) or a time ago (30d)");
  });

  it("refuses moderators' members without the permission, and delivers through a rate limit", async () => {
    const someone = sim.createUser({ username: "someone" });
    source.addMember(someone.id);
    expect((await run(source, someone.id, "export", { format: "json" })).content).toBe(
      "You need the Timeout Members permission or a moderator role to use /cases export.",
    );
    sim.faults.inject({
      method: "PATCH",
      path: /^\/webhooks\//,
      status: 429,
      retryAfterSeconds: 0.05,
      times: 1,
    });
    const reply = await run(source, mod.id, "export", { format: "csv" });
    expect(reply.content).toBe("3,000 cases exported.");
    expect(reply.attachments[0]?.filename).toBe(`cases-${source.id}.csv`);
  });
});
