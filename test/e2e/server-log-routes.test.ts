import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { LogsCog } from "../../src/cogs/logs/logs-cog";
import { LogChannelController } from "../../src/controllers/log-channel-controller";
import { LogOutboxController } from "../../src/controllers/log-outbox-controller";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_server_log_routes_w${process.env.JEST_WORKER_ID ?? "0"}`;
/** The statements a server-log event could cost: reading routes or settings, writing the outbox. */
const EVENT_STATEMENT = /log_channels|log_outbox|guild_configs/i;

const shardOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % 2n);

/**
 * Which categories a guild logs is read once and kept in memory, so events of guilds (or categories)
 * without a route cost no statement; a route changed by another process takes effect through NOTIFY.
 */
describe("server-log routes, cached per guild", () => {
  let sim: DiscordSimulator;
  let first: WardenApp;
  let second: WardenApp;
  let quiet: SimGuild;
  let routed: SimGuild;
  let routedLog: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ shardCount: 2 });
    const onFirstShard = (name: string): SimGuild => {
      for (;;) {
        const guild = sim.createGuild({ name });
        if (shardOf(guild.id) !== 0) continue;
        const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
        if (botRole) botRole.permissions |= PermissionFlagsBits.AttachFiles;
        return guild;
      }
    };
    quiet = onFirstShard("No Routes");
    routed = onFirstShard("Routed");
    routedLog = routed.createChannel({ name: "server-log" }).id;
    const url = await createDatabase(DATABASE, { migrated: true });
    // Flushed once at start only, and a cache that outlives the test: only NOTIFY can refresh it.
    const env = { LOG_FLUSH_MS: "3600000", GUILD_CONFIG_CACHE_MS: "3600000", SHARD_COUNT: "2" };
    ({ app: first } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [LogsCog],
      env: { ...env, SHARD_IDS: "0" },
    }));
    ({ app: second } = await startBot({
      sim,
      databaseUrl: url,
      cogs: [LogsCog],
      env: { ...env, SHARD_IDS: "1" },
    }));
    await eventually(() => first.bot.client.guilds.cache.has(quiet.id), 5000, "the guilds to arrive");
    await eventually(() => first.bot.client.guilds.cache.has(routed.id), 5000, "the guilds to arrive");
    const reply = await sim
      .command({
        guildId: routed.id,
        userId: routed.ownerId,
        name: "logs",
        subcommand: "set",
        options: { category: "messages", channel: routedLog },
      })
      .answer();
    expect(reply.content).toContain("will be posted in");
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const pending = (guild: SimGuild): Promise<number> =>
    first.container.resolve(LogOutboxController).pending(guild.id);

  function deleteMessages(guild: SimGuild, count: number): void {
    const channel = guild.firstTextChannel().id;
    const history = sim.seedHistory(
      channel,
      Array.from({ length: count }, (_, index) => ({
        authorId: guild.ownerId,
        content: `m${index}`,
        at: Date.now(),
      })),
    );
    for (const message of history) sim.deleteMessage(message.id);
  }

  it("an event of a guild without routes costs no statement; a routed one costs its write", async () => {
    // Once each, so both guilds' routes (and the routed guild's settings) are known.
    deleteMessages(quiet, 1);
    quiet.createChannel({ name: "warm-up" });
    deleteMessages(routed, 1);
    await eventuallyAsync(async () => (await pending(routed)) === 1, 8000, "the warm-up event");

    const { statements } = await first.database.queries.record(async () => {
      deleteMessages(quiet, 30);
      for (let index = 0; index < 10; index += 1) quiet.createChannel({ name: `room-${index}` });
      // Events are handled in the order they arrive: once this one is written, the ones above were handled.
      deleteMessages(routed, 1);
      await eventuallyAsync(async () => (await pending(routed)) === 2, 8000, "the routed event");
    });
    const eventStatements = statements.filter(
      (statement) => EVENT_STATEMENT.test(statement) && !/count\(/i.test(statement),
    );
    expect(eventStatements).toHaveLength(1);
    expect(eventStatements[0]).toMatch(/INSERT INTO/);
    expect(await pending(quiet)).toBe(0);
  });

  it("a route set by another process takes effect here at once, through NOTIFY", async () => {
    const quietLog = quiet.createChannel({ name: "quiet-log" }).id;
    quiet.createChannel({ name: "before-the-route" });
    // The second process serves the other shard; it sets the route through its own controller.
    await second.container.resolve(LogChannelController).route(quiet.id, "channels", quietLog);
    const deadline = Date.now() + 5000;
    let created = 0;
    while ((await pending(quiet)) === 0) {
      if (Date.now() > deadline) throw new Error("the route never took effect in the first process");
      quiet.createChannel({ name: `after-${created++}` });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await second.container.resolve(LogChannelController).unroute(quiet.id, "channels");
    await eventuallyAsync(
      async () =>
        !(await first.container.resolve(LogChannelController).routedCategories(quiet.id)).has("channels"),
      5000,
      "the route removal to reach the first process",
    );
  });
});
