import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { stopPostmaster } from "../support/postmaster";
import { migrationShown } from "../support/schema-version";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";
import { RequiresDatabaseCog, TestCog } from "../support/test-cogs";

describe("when the database goes away", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
  });
  afterAll(() => sim.close());

  const run = (name: string, subcommand?: string, group?: string) =>
    sim.command({
      guildId: guild.id,
      userId: member.id,
      name,
      ...(group ? { group } : {}),
      ...(subcommand ? { subcommand } : {}),
    });

  it("stopped in the middle of a run: database work answers 'unavailable', the rest keeps working", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-outage-"));
    chmodSync(dataDir, 0o755); // reachable by the postgres user when the tests run as root
    let app: WardenApp | undefined;
    try {
      ({ app } = await startBot({ sim, cogs: [CoreCog, TestCog], env: { DATA_DIR: dataDir } }));
      const before = (await run("about").answer()).embeds[0]?.fields;
      expect(before?.at(-1)?.value).toMatch(/^embedded PostgreSQL: running/);
      expect(before?.find((field) => field.name === "Schema")?.value).toBe(migrationShown());

      await stopPostmaster(dataDir);

      const dbReply = await run("test", "roles", "db").answer();
      expect(dbReply.content).toBe("The database is unavailable right now; try again shortly.");
      expect(dbReply.ephemeral).toBe(true);
      expect((await run("ping").answer()).content).toMatch(/^Pong!/);
      const about = (await run("about").answer()).embeds[0]?.fields;
      expect(about?.at(-1)?.value).toBe("embedded PostgreSQL: unavailable");
      expect(about?.find((field) => field.name === "Schema")?.value).toBe("unknown (database unavailable)");
      // Choosing the member's language needs no database: their client's is enough.
      const german = await sim.command({ guildId: guild.id, userId: member.id, name: "about", locale: "de" });
      const fields = (await german.answer()).embeds[0]?.fields;
      expect(fields?.at(-1)).toMatchObject({
        name: "Datenbank",
        value: "eingebettetes PostgreSQL: nicht erreichbar",
      });
      expect(fields?.find((field) => field.name === "Schema")?.value).toBe(
        "unbekannt (Datenbank nicht erreichbar)",
      );
    } finally {
      await app?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("unreachable at start-up: every command is registered and answers 'unavailable'; once it is up, migrations run and everything works without a restart", async () => {
    const databaseUrl = await createDatabase("outage_at_start", { migrated: false });
    const { proxy, url } = await TcpProxy.forUrl(databaseUrl);
    proxy.down();
    let app: WardenApp | undefined;
    try {
      let logs: CapturedLogs;
      ({ app, logs } = await startBot({
        sim,
        databaseUrl: url,
        cogs: [CoreCog, RequiresDatabaseCog],
        env: { DB_CONNECT_TIMEOUT_MS: "500", DB_RETRY_MAX_MS: "200" },
      }));
      const cog = app.cogs.find((loaded) => loaded instanceof RequiresDatabaseCog) as RequiresDatabaseCog;
      expect(sim.registeredCommands().map((command) => command.name)).toEqual(
        expect.arrayContaining(["ping", "about", "needsdb"]),
      );
      const refused = await run("needsdb").answer();
      expect(refused.content).toBe("The database is unavailable right now; try again shortly.");
      expect(refused.ephemeral).toBe(true);
      expect((await run("ping").answer()).content).toMatch(/^Pong!/);
      const waiting = (await run("about").answer()).embeds[0]?.fields;
      expect(waiting?.at(-1)?.value).toMatch(/unavailable/);
      expect(waiting?.find((field) => field.name === "Schema")?.value).toBe("unknown (database unavailable)");
      await eventually(() => proxy.refused >= 3, 10_000, "three tries at the database");
      expect(cog.dbReadyCalls).toBe(0);
      expect(cog.taskRuns).toBe(0);

      proxy.up();
      await eventually(() => cog.dbReadyCalls === 1, 10_000, "onDbReady once the database is up");
      expect((await run("needsdb").answer()).content).toBe("db ok (0 moderator roles)");
      await eventually(() => cog.taskRuns > 0, 5_000, "the task that needs the database");
      const said = (msg: string) => logs.lines.filter((line) => line.msg === msg).length;
      expect(
        said(
          "the database is unreachable; retrying in the background, and commands that need it answer 'unavailable' until it is back",
        ),
      ).toBe(1);
      expect(said("the database is reachable again")).toBe(1);
      expect(said("migrations applied")).toBe(1);
    } finally {
      await app?.stop();
      await proxy.close();
      await dropDatabase("outage_at_start");
    }
  });
});
