import { DiscordSimulator } from "../support/discord-simulator";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";

describe("npm start (src/main.ts)", () => {
  let sim: DiscordSimulator;
  const database = `warden_start_w${process.env.JEST_WORKER_ID ?? "0"}`;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
  });
  beforeEach(async () => {
    databaseUrl = await createDatabase(database, { migrated: false });
  });
  afterEach(() => dropDatabase(database));
  afterAll(() => sim.close());

  const botEnv = (extra: Record<string, string> = {}) => ({
    DISCORD_TOKEN: sim.token,
    DISCORD_API_URL: sim.apiUrl,
    DATABASE_URL: databaseUrl,
    ...extra,
  });

  it("without DISCORD_TOKEN exits non-zero with one clear line", async () => {
    const main = new MainProcess({});
    expect(await main.exited).not.toBe(0);
    const lines = main.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is not set/);
  });

  it("with a bad setting names the variable, not a stack trace", async () => {
    const main = new MainProcess({ DISCORD_TOKEN: "x", DB_POOL_MAX: "many" });
    expect(await main.exited).not.toBe(0);
    expect(main.stderr).toMatch(/DB_POOL_MAX/);
    expect(main.stderr).not.toMatch(/\n\s+at /);
  });

  it("with a token Discord rejects exits non-zero with one line", async () => {
    const main = new MainProcess(botEnv({ DISCORD_TOKEN: "not-the-token" }));
    expect(await main.exited).not.toBe(0);
    expect(main.stderr.trim().split("\n")).toEqual([
      "warden: Discord rejected DISCORD_TOKEN: check the bot token in the Discord Developer Portal.",
    ]);
  });

  it("when Discord refuses the privileged intents, exits non-zero with one line saying what to do", async () => {
    const strict = await DiscordSimulator.start({ allowPrivilegedIntents: false });
    try {
      const main = new MainProcess({
        DISCORD_TOKEN: strict.token,
        DISCORD_API_URL: strict.apiUrl,
        DATABASE_URL: databaseUrl,
        PRIVILEGED_INTENTS: "true",
      });
      expect(await main.exited).not.toBe(0);
      expect(main.stderr.trim().split("\n")).toEqual([
        "warden: Discord refused the privileged intents: enable Server Members Intent and Message Content Intent for the bot in the Discord Developer Portal, or unset PRIVILEGED_INTENTS.",
      ]);
    } finally {
      await strict.close();
    }
  });

  it("migrates, logs in, and on SIGTERM answers all 50 interactions in flight, then exits 0", async () => {
    const guild = sim.createGuild();
    const member = sim.createUser();
    guild.addMember(member.id);
    const main = new MainProcess(botEnv({ LOG_LEVEL: "debug" }));
    await main.waitForLog("Warden is running");
    expect(main.stdout).toMatch(/migrations applied/);

    // Hold every answer at Discord's side for a while, so that all 50 are in flight when SIGTERM lands
    // (short enough that 50 answers through the capped REST connections still beat the 3 s deadline).
    const removeLatency = sim.faults.inject({ path: "/interactions/:id/:token/callback", latencyMs: 500 });
    const handles = Array.from({ length: 50 }, () =>
      sim.command({ guildId: guild.id, userId: member.id, name: "ping" }),
    );
    await main.waitForLog("interaction received", 50);
    main.child.kill("SIGTERM");
    await main.waitForLog("signal received");
    const late = sim.command({ guildId: guild.id, userId: member.id, name: "ping" });

    const replies = await Promise.all(handles.map((handle) => handle.reply(10_000)));
    expect(replies.every((reply) => reply.content.startsWith("Pong!"))).toBe(true);
    const refusal = await late.reply(10_000);
    expect(refusal.content).toBe("Warden is restarting; try again in a moment.");
    expect(refusal.ephemeral).toBe(true);
    removeLatency();
    expect(await main.exited).toBe(0);
    expect(main.stdout).toMatch(/"msg":"stopped"/);
  });
});
