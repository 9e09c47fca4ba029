import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { LogsCog } from "../../src/cogs/logs/logs-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { LogOutboxController } from "../../src/controllers/log-outbox-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";
import { postedLines } from "./server-log-posts";

const ROUTE_REMOVED = "server-log channel gone: its route was removed";
const OUTBOX_FULL = "server-log outbox full for this channel: dropped the oldest events";
const DATABASE = `warden_e2e_server_log_delivery_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** A guild whose message edits and deletes go to its own log channel. */
interface LoggedGuild {
  guild: SimGuild;
  general: string;
  log: string;
}

describe("server-log delivery", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let db: DatabaseService;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    const url = await createDatabase(DATABASE, { migrated: true });
    ({ app, logs } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [LogsCog],
      env: { PRIVILEGED_INTENTS: "true", LOG_OUTBOX_MAX_PER_CHANNEL: "1000" },
    }));
    db = app.container.resolve(DatabaseService);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  async function loggedGuild(name: string): Promise<LoggedGuild> {
    const guild = sim.createGuild({ name });
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("no bot role");
    // GUILD_ROLE_UPDATE, so the bot's cached permissions follow.
    guild.updateRole(botRole.id, (role) => {
      role.permissions |= PermissionFlagsBits.AttachFiles;
    });
    const log = guild.createChannel({ name: "server-log" }).id;
    const general = guild.firstTextChannel().id;
    await eventually(() => app.bot.client.guilds.cache.has(guild.id), 5000, "the guild to arrive");
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "logs",
        subcommand: "set",
        options: { category: "messages", channel: log },
      })
      .answer();
    expect(reply.content).toContain("will be posted in");
    return { guild, general, log };
  }

  /** Deletes `count` messages one by one: one MESSAGE_DELETE each. */
  function deleteMessages({ guild, general }: LoggedGuild, count: number): void {
    const history = sim.seedHistory(
      general,
      Array.from({ length: count }, (_, index) => ({
        authorId: guild.ownerId,
        content: `m${index}`,
        at: Date.now(),
      })),
    );
    for (const message of history) sim.deleteMessage(message.id);
  }

  const waiting = async (guildId: string): Promise<number> =>
    app.container.resolve(LogOutboxController).pending(guildId);
  const posts = (target: LoggedGuild) => target.guild.channels.get(target.log)?.messages ?? [];

  it("posts a burst of 500 deletes in at most 10 posts, every one of them", async () => {
    const target = await loggedGuild("Burst Guild");
    const before = sim.requests.filter("POST", `/channels/${target.log}/messages`).length;
    deleteMessages(target, 500);
    await eventually(() => postedLines(posts(target)).length === 500, 30_000, "500 lines");
    const made = sim.requests.filter("POST", `/channels/${target.log}/messages`).length - before;
    expect(made).toBeLessThanOrEqual(10);
    process.stdout.write(`500 deletes → ${made} posts\n`);
    expect(posts(target)).toHaveLength(made);
    await eventuallyAsync(async () => (await waiting(target.guild.id)) === 0, 5000, "the outbox to empty");
  });

  it("drops the batch of a deleted log channel with a log line, and other guilds' logs still flow", async () => {
    const gone = await loggedGuild("Gone Guild");
    const alive = await loggedGuild("Alive Guild");
    gone.guild.deleteChannel(gone.log);
    deleteMessages(gone, 5);
    deleteMessages(alive, 5);
    await eventually(() => postedLines(posts(alive)).length === 5, 15_000, "the other guild's lines");
    await eventuallyAsync(async () => (await waiting(gone.guild.id)) === 0, 15_000, "the dropped batch");
    // The five deletes may reach the outbox in two writes: the first batch is dropped and its route removed,
    // and events arriving after that are never written. Every drop is logged, and none is counted twice.
    const drops = logs.lines.filter(
      (line) => line.channelId === gone.log && typeof line.dropped === "number",
    );
    expect(drops.length).toBeGreaterThan(0);
    const dropped = drops.reduce((sum, line) => sum + Number(line.dropped), 0);
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThanOrEqual(5);
  });

  it("removes the route to a deleted or hidden log channel, saying so in the logs and the mod log", async () => {
    const deleted = await loggedGuild("Deleted Log Guild");
    const hidden = await loggedGuild("Hidden Log Guild");
    const modLogs = [deleted, hidden].map((target) => target.guild.createChannel({ name: "mod-log" }));
    const configs = app.container.resolve(GuildConfigController);
    for (const [index, target] of [deleted, hidden].entries())
      await configs.update(target.guild.id, { modLogChannelId: modLogs[index]?.id ?? null });
    sim.faults.inject({ method: "POST", path: `/channels/${hidden.log}/messages`, status: 403, code: 50001 });
    deleted.guild.deleteChannel(deleted.log);
    deleteMessages(deleted, 2);
    deleteMessages(hidden, 2);
    const routes = async (guildId: string): Promise<number> =>
      (await db.sql("SELECT 1 FROM log_channels WHERE guild_id = $1", [guildId])).rows.length;
    for (const target of [deleted, hidden]) {
      await eventuallyAsync(async () => (await routes(target.guild.id)) === 0, 15_000, "the route removed");
      // The line follows the DELETE's commit, which the poll above may see first.
      await eventually(
        () => logs.lines.some((line) => line.channelId === target.log && line.msg === ROUTE_REMOVED),
        5000,
        "the log line of the removed route",
      );
    }
    for (const [index, target] of [deleted, hidden].entries()) {
      const notes = () => (modLogs[index]?.messages ?? []).map((message) => message.content ?? "");
      await eventually(
        () => notes().some((note) => note.includes(`<#${target.log}> is gone or hidden`)),
        10_000,
      );
    }
    deleteMessages(deleted, 3); // no route: not written any more
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waiting(deleted.guild.id)).toBe(0);
  });

  it("drops a batch Discord refuses (403), waits out a 429, and keeps other channels going", async () => {
    const refusing = await loggedGuild("Refusing Guild");
    const limited = await loggedGuild("Limited Guild");
    sim.faults.inject({
      method: "POST",
      path: `/channels/${refusing.log}/messages`,
      status: 403,
      code: 50013,
    });
    sim.faults.inject({
      method: "POST",
      path: `/channels/${limited.log}/messages`,
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    deleteMessages(refusing, 3);
    deleteMessages(limited, 3);
    await eventually(() => postedLines(posts(limited)).length === 3, 15_000, "the rate-limited lines");
    await eventuallyAsync(async () => (await waiting(refusing.guild.id)) === 0, 15_000, "the refused batch");
    expect(posts(refusing)).toHaveLength(0);
    const limitedPosts = sim.requests.filter("POST", `/channels/${limited.log}/messages`);
    expect(limitedPosts.map((request) => request.status)).toEqual([429, 200]);
    expect(logs.find((line) => line.channelId === refusing.log && line.dropped === 3)).toBeDefined();
  });

  it("keeps posting other guilds' logs while Discord holds one channel's post", async () => {
    const slow = await loggedGuild("Slow Guild");
    const other = await loggedGuild("Other Guild");
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = false;
    const hold = (): Promise<void> => {
      arrived = true;
      return held;
    };
    sim.faults.inject({ method: "POST", path: `/channels/${slow.log}/messages`, hold, times: 1 });
    deleteMessages(slow, 2);
    await eventually(() => arrived, 15_000, "the slow channel's post to reach Discord");
    deleteMessages(other, 2);
    try {
      await eventually(
        () => postedLines(posts(other)).length === 2,
        15_000,
        "the other guild's lines meanwhile",
      );
    } finally {
      release();
    }
    await eventuallyAsync(
      async () => (await waiting(slow.guild.id)) === 0,
      15_000,
      "the held post to settle",
    );
    expect(postedLines(posts(slow))).toHaveLength(2);
  });

  it("keeps at most the configured number of waiting events per channel, dropping the oldest with a count", async () => {
    const down = await loggedGuild("Down Guild");
    sim.faults.inject({ method: "POST", path: `/channels/${down.log}/messages`, status: 500 });
    const outbox = app.container.resolve(LogOutboxController);
    for (let index = 0; index < 1200; index += 1)
      await outbox.enqueue({
        guildId: down.guild.id,
        category: "messages",
        kind: "message_delete",
        details: { index },
      });
    const dropped = (): number =>
      logs.lines
        .filter((line) => line.channelId === down.log && line.msg === OUTBOX_FULL)
        .reduce((sum, line) => sum + Number(line.dropped), 0);
    await eventually(() => dropped() === 200, 20_000, "200 events dropped, counted");
    const kept = await db.sql<{ oldest: number }>(
      `SELECT min((details->>'index')::int) AS oldest FROM log_outbox WHERE guild_id = $1`,
      [down.guild.id],
    );
    expect(await waiting(down.guild.id)).toBe(1000);
    expect(kept.rows[0]?.oldest).toBe(200);
  });

  it("keeps other guilds' logs flowing while failing channels hold more waiting events than one claim takes", async () => {
    const failing = [await loggedGuild("Failing Guild A"), await loggedGuild("Failing Guild B")];
    const removals = failing.map((target) =>
      sim.faults.inject({ method: "POST", path: `/channels/${target.log}/messages`, status: 500 }),
    );
    // Older than anything the healthy guild queues: oldest-first claims would take only these.
    for (const target of failing)
      await db.sql(
        `INSERT INTO log_outbox (guild_id, channel_id, category, kind, details)
         SELECT $1, $2, 'messages', 'message_delete', jsonb_build_object('index', n) FROM generate_series(1, 1000) n`,
        [target.guild.id, target.log],
      );
    const healthy = await loggedGuild("Healthy Guild");
    try {
      deleteMessages(healthy, 2);
      await eventually(() => postedLines(posts(healthy)).length === 2, 15_000, "the healthy guild's lines");
    } finally {
      for (const remove of removals) remove();
    }
  });
});
