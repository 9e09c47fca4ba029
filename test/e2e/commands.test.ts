import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator } from "../../simulator";
import { TestCog } from "../support/test-cogs";
import { createDatabase, dropDatabase } from "../support/test-database";

const root = path.resolve(__dirname, "..", "..");
const DATABASE = `warden_e2e_commands_w${process.env.JEST_WORKER_ID ?? "0"}`;

function runScript(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["-r", "./test/support/swc-register.js", script], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", TMPDIR: os.tmpdir(), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("slash-command registration", () => {
  let sim: DiscordSimulator;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });
  afterAll(async () => {
    await sim.close();
    await dropDatabase(DATABASE);
  });

  it("npm run deploy-commands registers every cog's commands to DEV_GUILD_ID", async () => {
    const guild = sim.createGuild();
    const result = await runScript("src/deploy-commands.ts", {
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DEV_GUILD_ID: guild.id,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const registered = sim.registeredCommands(guild.id);
    const names = registered.map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(["ping", "about", "warn", "ban", "Warn"]));
    // Slash commands as /name, context menus as "Name".
    const shown = registered.map((command) =>
      command.type === 1 ? `/${command.name}` : `"${command.name}"`,
    );
    expect(result.stdout.trim()).toBe(
      `warden: registered ${names.length} commands to guild ${guild.id}: ${shown.join(", ")}`,
    );
    expect(sim.registeredCommands()).toEqual([]);
  });

  it("npm run deploy-commands with a rejected token fails in one line", async () => {
    const result = await runScript("src/deploy-commands.ts", {
      DISCORD_TOKEN: "wrong",
      DISCORD_API_URL: sim.apiUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^warden: could not deploy commands: /);
  });

  it("at start-up registers only when the definitions differ from Discord's", async () => {
    const puts = () => sim.requests.filter("PUT", "/applications/:app/commands").length;
    const startAndStop = async (cogs: Parameters<typeof startBot>[0]["cogs"]) => {
      let app: WardenApp | undefined;
      try {
        ({ app } = await startBot({ sim, databaseUrl, ...(cogs ? { cogs } : {}) }));
      } finally {
        await app?.stop();
      }
    };
    const before = puts();
    await startAndStop([CoreCog]);
    expect(puts()).toBe(before + 1);
    await startAndStop([CoreCog]);
    expect(puts()).toBe(before + 1);
    await startAndStop([CoreCog, TestCog]);
    expect(puts()).toBe(before + 2);
    expect(sim.registeredCommands().map((command) => command.name)).toContain("test");
  });
});
