import { DiscordSimulator } from "../../simulator";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { MainProcess } from "../support/main-process";
import { TcpProxy } from "../support/tcp-proxy";
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

  it("with a DATA_DIR the embedded server cannot use, exits non-zero with one line", async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "warden-not-a-folder-"));
    const notAFolder = path.join(parent, "file");
    writeFileSync(notAFolder, "");
    try {
      const main = new MainProcess({
        DISCORD_TOKEN: sim.token,
        DISCORD_API_URL: sim.apiUrl,
        DATA_DIR: path.join(notAFolder, "data"),
      });
      expect(await main.exited).toBe(1);
      const lines = main.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `warden: start-up failed: the embedded PostgreSQL could not start in ${path.join(notAFolder, "data")}: `,
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("on a database upgraded by a newer Warden, exits non-zero with one line naming the migration", async () => {
    const migrated = await createDatabase(`${database}_newer`, { migrated: true });
    await withClient(migrated, (client) =>
      client.query("INSERT INTO migrations (timestamp, name) VALUES ($1, $2)", [
        Date.now(),
        "FromTheFuture1999999999999",
      ]),
    );
    try {
      const main = new MainProcess(botEnv({ DATABASE_URL: migrated }));
      expect(await main.exited).toBe(1);
      const lines = main.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^warden: start-up failed: .*FromTheFuture1999999999999/);
    } finally {
      await dropDatabase(`${database}_newer`);
    }
  });

  it("when the database it waited for turns out to be newer, stops with one line and a non-zero exit", async () => {
    const migrated = await createDatabase(`${database}_later`, { migrated: true });
    const { proxy, url } = await TcpProxy.forUrl(migrated);
    proxy.down();
    try {
      const main = new MainProcess(
        botEnv({ DATABASE_URL: url, DB_CONNECT_TIMEOUT_MS: "500", DB_RETRY_MAX_MS: "200" }),
      );
      await main.waitForLog("Warden is running");
      await withClient(migrated, (client) =>
        client.query("INSERT INTO migrations (timestamp, name) VALUES ($1, $2)", [
          Date.now(),
          "FromTheFuture1999999999999",
        ]),
      );
      proxy.up();
      expect(await main.exited).toBe(1);
      const lines = main.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^warden: the database refused Warden: .*FromTheFuture1999999999999/);
    } finally {
      await proxy.close();
      await dropDatabase(`${database}_later`);
    }
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

    const replies = await Promise.all(handles.map((handle) => handle.answer(10_000)));
    expect(replies.every((reply) => reply.content.startsWith("Pong!"))).toBe(true);
    const refusal = await late.answer(10_000);
    expect(refusal.content).toBe("Warden is restarting; try again in a moment.");
    expect(refusal.ephemeral).toBe(true);
    removeLatency();
    expect(await main.exited).toBe(0);
    expect(main.stdout).toMatch(/"msg":"stopped"/);
  });
});

async function withClient<R>(url: string, work: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
