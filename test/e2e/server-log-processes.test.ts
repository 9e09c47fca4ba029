import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { LogsCog } from "../../src/cogs/logs/logs-cog";
import { LogChannelController } from "../../src/controllers/log-channel-controller";
import { LogOutboxController } from "../../src/controllers/log-outbox-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";
import { postedLines } from "./server-log-posts";

const worker = process.env.JEST_WORKER_ID ?? "0";

/** A simulator with one guild whose message log channel Warden may post in (files too). */
function world(sim: DiscordSimulator): { guild: SimGuild; log: string; general: string } {
  const guild = sim.createGuild({ name: "Outbox Guild" });
  const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
  if (!botRole) throw new Error("no bot role");
  botRole.permissions |= PermissionFlagsBits.AttachFiles;
  return { guild, log: guild.createChannel({ name: "server-log" }).id, general: guild.firstTextChannel().id };
}

const pending = (app: WardenApp, guildId: string): Promise<number> =>
  app.container.resolve(LogOutboxController).pending(guildId);

describe("the server-log outbox across processes", () => {
  let sim: DiscordSimulator;
  const apps: WardenApp[] = [];
  const databases: string[] = [];

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await sim.close();
    for (const name of databases.splice(0)) await dropDatabase(name);
  });

  async function database(name: string): Promise<string> {
    databases.push(name);
    return createDatabase(name, { migrated: true });
  }

  async function start(url: string, flushMs: string, env: Record<string, string> = {}): Promise<WardenApp> {
    const { app } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [LogsCog],
      env: { LOG_FLUSH_MS: flushMs, ...env },
    });
    apps.push(app);
    return app;
  }

  it("posts every event that was waiting when the bot stopped, including a dead process's claimed batch", async () => {
    const { guild, log, general } = world(sim);
    const url = await database(`warden_e2e_log_restart_w${worker}`);
    const first = await start(url, "3600000"); // runs once at start, then not again before it stops
    const set = { category: "messages", channel: log };
    await sim
      .command({ guildId: guild.id, userId: guild.ownerId, name: "logs", subcommand: "set", options: set })
      .answer();
    const history = sim.seedHistory(
      general,
      Array.from({ length: 300 }, (_, index) => ({
        authorId: guild.ownerId,
        content: `m${index}`,
        at: Date.now(),
      })),
    );
    for (const message of history) sim.deleteMessage(message.id);
    await eventuallyAsync(async () => (await pending(first, guild.id)) === 300, 10_000, "300 events waiting");
    // A process that claimed the oldest 100 and died before posting them: its lease runs out shortly.
    await first.container.resolve(DatabaseService).sql(
      `UPDATE log_outbox SET claimed_by = gen_random_uuid(), claimed_until = now() + interval '300 milliseconds'
        WHERE id IN (SELECT id FROM log_outbox ORDER BY id LIMIT 100)`,
    );
    await first.stop();
    apps.splice(apps.indexOf(first), 1);
    expect(guild.channels.get(log)?.messages ?? []).toHaveLength(0);

    const second = await start(url, "200");
    const posts = () => guild.channels.get(log)?.messages ?? [];
    await eventually(() => postedLines(posts()).length === 300, 15_000, "all 300 lines");
    await eventuallyAsync(async () => (await pending(second, guild.id)) === 0, 5000, "the outbox to empty");
    expect(posts().length).toBeLessThanOrEqual(10);
  });

  it("two processes flushing one outbox never post an event twice", async () => {
    const { guild, log } = world(sim);
    const url = await database(`warden_e2e_log_two_w${worker}`);
    const one = await start(url, "100");
    await start(url, "100");
    await one.container
      .resolve(DatabaseService)
      .sql(`INSERT INTO log_channels (guild_id, category, channel_id) VALUES ($1, 'channels', $2)`, [
        guild.id,
        log,
      ]);
    // Slow answers keep one process's posts in flight while the other claims.
    sim.faults.inject({ method: "POST", path: `/channels/${log}/messages`, latencyMs: 150 });
    const outbox = one.container.resolve(LogOutboxController);
    for (let index = 0; index < 400; index += 1) {
      const details = { channelId: log, name: `room-${index}` };
      await outbox.enqueue({ guildId: guild.id, category: "channels", kind: "channel_create", details });
    }
    const lines = () => postedLines(guild.channels.get(log)?.messages ?? []);
    await eventuallyAsync(async () => (await pending(one, guild.id)) === 0, 20_000, "the outbox to empty");
    await eventually(() => lines().length >= 400, 5000, "400 lines");
    const names = lines().map((line) => /\((room-\d+)\) created/.exec(line)?.[1]);
    expect(new Set(names).size).toBe(400);
    expect(names).toHaveLength(400);
  });

  it("a post Discord holds longer than the lease is not taken over and posted again by the other process", async () => {
    const { guild, log } = world(sim);
    const url = await database(`warden_e2e_log_lease_w${worker}`);
    const lease = { LOG_LEASE_MS: "600" };
    const one = await start(url, "100", lease);
    await start(url, "100", lease);
    await one.container.resolve(LogChannelController).route(guild.id, "channels", log);
    // Each post takes three leases' time.
    sim.faults.inject({ method: "POST", path: `/channels/${log}/messages`, latencyMs: 1800 });
    const outbox = one.container.resolve(LogOutboxController);
    for (let index = 0; index < 3; index += 1) {
      const details = { channelId: log, name: `slow-${index}` };
      await outbox.enqueue({ guildId: guild.id, category: "channels", kind: "channel_create", details });
    }
    await eventuallyAsync(async () => (await pending(one, guild.id)) === 0, 15_000, "the outbox to empty");
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a second post, had there been one, lands
    const lines = postedLines(guild.channels.get(log)?.messages ?? []);
    expect(lines.filter((line) => /\(slow-\d\) created/.test(line))).toHaveLength(3);
  });
});
