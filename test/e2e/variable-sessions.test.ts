import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { VariablesCog } from "../../src/cogs/variables/variables-cog";
import { VariableController } from "../../src/controllers/variable-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventually } from "../support/eventually";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_variable_sessions_w${process.env.JEST_WORKER_ID ?? "0"}`;
const LEASE_MS = "1500";

describe("session variables across processes", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let databaseUrl: string;
  const running: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Sessions" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const app of running) await app.stop();
    await sim.close();
    await dropDatabase(DATABASE);
  });

  const start = async (): Promise<WardenApp> => {
    const { app } = await startBot({
      sim,
      databaseUrl,
      cogs: [VariablesCog],
      env: { SESSION_LEASE_MS: LEASE_MS },
    });
    running.push(app);
    return app;
  };
  const stop = async (app: WardenApp): Promise<void> => {
    running.splice(running.indexOf(app), 1);
    await app.stop();
  };
  const variables = (app: WardenApp): VariableController => app.container.resolve(VariableController);
  const setSession = (app: WardenApp, name: string) =>
    variables(app).set(guild.id, name, "1", "integer", "session");

  it("a restart of one process leaves the other's session variables, and clears its own", async () => {
    const first = await start();
    let second = await start();
    await setSession(first, "first-run");
    await setSession(second, "second-run");
    await variables(first).set(guild.id, "kept", "1", "integer");

    await stop(second);
    second = await start();

    expect(await variables(second).has(guild.id, "first-run")).toBe(true);
    expect(await variables(second).has(guild.id, "second-run")).toBe(false);
    expect(await variables(second).has(guild.id, "kept")).toBe(true);

    // Set again by the other run, it now belongs to that run and goes when that run stops.
    await setSession(second, "first-run");
    await setSession(first, "still-first");
    await stop(second);
    expect(await variables(first).has(guild.id, "first-run")).toBe(false);
    expect(await variables(first).has(guild.id, "still-first")).toBe(true);
    await stop(first);
    const third = await start();
    expect(await variables(third).has(guild.id, "still-first")).toBe(false);
    expect(await variables(third).has(guild.id, "kept")).toBe(true);
    await stop(third);
  }, 60_000);

  it("a crashed process's session variables are cleared once its lease expires, and only those", async () => {
    const survivor = await start();
    await setSession(survivor, "survivor");

    // The crashing process talks to a Discord of its own, so /var reaches it and nothing else.
    const otherSim = await DiscordSimulator.start();
    const otherGuild = otherSim.createGuild({ id: guild.id, name: "Sessions" });
    const admin = otherSim.createUser({ username: "admin" });
    const admins = otherGuild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    otherGuild.addMember(admin.id, { roles: [admins.id] });
    const crashing = new MainProcess({
      DISCORD_TOKEN: otherSim.token,
      DISCORD_API_URL: otherSim.apiUrl,
      DATABASE_URL: databaseUrl,
      SESSION_LEASE_MS: LEASE_MS,
    });
    try {
      await otherSim.waitForShards(1, 60_000);
      await eventually(
        () => otherSim.registeredCommands().some((command) => command.name === "var"),
        30_000,
        "/var registered",
      );
      expect(await variables(survivor).has(guild.id, "survivor")).toBe(true);
      const reply = await otherSim
        .command({
          guildId: otherGuild.id,
          userId: admin.id,
          name: "var",
          subcommand: "set",
          options: { name: "crashed", value: "1", session: true },
        })
        .answer(15_000);
      expect(reply.content).toBe(
        "Set `crashed` (string) to `1` (session: cleared when this bot process stops).",
      );
      expect(await variables(survivor).has(guild.id, "crashed")).toBe(true);

      crashing.child.kill("SIGKILL");
      await crashing.exited;
      await pollUntil(async () => !(await variables(survivor).has(guild.id, "crashed")), 20_000);
      expect(await variables(survivor).has(guild.id, "survivor")).toBe(true);
    } finally {
      crashing.child.kill("SIGKILL");
      await crashing.exited;
      await otherSim.close();
      await stop(survivor);
    }
  }, 120_000);
});

/** Polls an asynchronous check (eventually() takes synchronous ones). */
async function pollUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
