import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { BufferEvents } from "../../src/buffers/buffer-events";
import { LogsCog } from "../../src/cogs/logs/logs-cog";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";
import { postedLines } from "../e2e/server-log-posts";

const DATABASE = `warden_faults_server_log_outage_w${process.env.JEST_WORKER_ID ?? "0"}`;
const BUFFERED = 5;

/**
 * The gateway sends an event once: server-log events that arrive while the database is away wait in
 * memory (at most LOG_BUFFER_MAX_ITEMS, the oldest dropped and counted) and are posted once it is back.
 */
describe("server logs through a database outage", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let proxy: TcpProxy;
  let guild: SimGuild;
  let log: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Flaky Logs" });
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("no bot role");
    botRole.permissions |= PermissionFlagsBits.AttachFiles;
    log = guild.createChannel({ name: "server-log" }).id;
    const proxied = await TcpProxy.forUrl(await createDatabase(DATABASE, { migrated: true }));
    proxy = proxied.proxy;
    ({ app, logs } = await startBot({
      sim,
      databaseUrl: proxied.url,
      cogs: [LogsCog],
      env: {
        LOG_FLUSH_MS: "200",
        LOG_BUFFER_MAX_ITEMS: String(BUFFERED),
      },
    }));
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "logs",
        subcommand: "set",
        options: { category: "channels", channel: log },
      })
      .answer();
    expect(reply.content).toContain("will be posted in");
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await proxy?.close();
    await dropDatabase(DATABASE);
  });
  afterEach(() => proxy.up());

  const lines = () => postedLines(guild.channels.get(log)?.messages ?? []);

  it("posts the events that arrived during the outage once the database is back, the oldest dropped past the bound", async () => {
    guild.createChannel({ name: "before-outage" });
    await eventually(() => lines().some((line) => line.includes("(before-outage) created")), 8000);

    let overflowed = 0;
    app.container.resolve(BufferEvents).onDropped((drop) => {
      if (drop.buffer === "server_log" && drop.reason === "overflow") overflowed += drop.count;
    });
    const refused = proxy.refused;
    proxy.down();
    const names = Array.from({ length: BUFFERED + 3 }, (_, index) => `outage-${index}`);
    for (const name of names) guild.createChannel({ name });
    await eventually(() => proxy.refused > refused, 5000, "the events meeting the outage");
    // Every event held while the database is away (the oldest three dropped past the bound), not only the
    // first: one still on its way when the database is back would be written as it comes.
    await eventually(() => overflowed === 3, 10_000, "every event of the outage in the buffer");
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a few flusher runs fail meanwhile
    proxy.up();

    const kept = names.slice(-BUFFERED);
    await eventually(
      () => kept.every((name) => lines().some((line) => line.includes(`(${name}) created`))),
      20_000,
      "the buffered events posted",
    );
    for (const name of names.slice(0, names.length - BUFFERED))
      expect(lines().some((line) => line.includes(`(${name}) created`))).toBe(false);
    const full = logs.find(
      (line) => line.buffer === "server_log" && String(line.msg).startsWith("buffer full"),
    );
    expect(full).toBeDefined();
    await eventually(
      () => logs.lines.some((line) => line.buffer === "server_log" && line.dropped === 3),
      5000,
      "the count of dropped events",
    );
  });
});
