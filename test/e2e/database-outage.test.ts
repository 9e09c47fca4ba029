import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../support/discord-simulator";
import { stopPostmaster } from "../support/postmaster";
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
      expect((await run("about").reply()).embeds[0]?.fields?.at(-1)?.value).toMatch(
        /^embedded PostgreSQL: running/,
      );

      await stopPostmaster(dataDir);

      const dbReply = await run("test", "roles", "db").reply();
      expect(dbReply.content).toBe("The database is unavailable right now; try again shortly.");
      expect(dbReply.ephemeral).toBe(true);
      expect((await run("ping").reply()).content).toMatch(/^Pong!/);
      expect((await run("about").reply()).embeds[0]?.fields?.at(-1)?.value).toBe(
        "embedded PostgreSQL: unavailable",
      );
    } finally {
      await app?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("unreachable at start-up: cogs that require it stay unloaded, the others run", async () => {
    let app: WardenApp | undefined;
    let logs: CapturedLogs;
    try {
      ({ app, logs } = await startBot({
        sim,
        databaseUrl: "postgres://warden:warden@127.0.0.1:1/warden",
        cogs: [CoreCog, RequiresDatabaseCog],
        env: { DB_CONNECT_TIMEOUT_MS: "500" },
      }));
      expect(
        logs.find((line) => line.msg === "cog requires-database not loaded: it requires the database"),
      ).toBeDefined();
      expect(sim.registeredCommands().map((command) => command.name)).not.toContain("needsdb");
      expect((await run("ping").reply()).content).toMatch(/^Pong!/);
      expect((await run("needsdb").reply()).content).toMatch(/I don't know `\/needsdb`/);
    } finally {
      await app?.stop();
    }
  });
});
