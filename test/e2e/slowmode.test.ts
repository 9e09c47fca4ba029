import { PermissionFlagsBits, type TextChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { ChannelRestoreController } from "../../src/controllers/channel-restore-controller";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_slowmode_w${process.env.JEST_WORKER_ID ?? "0"}`;
const PATCH = "/channels/:channel";

jest.setTimeout(60_000);

describe("/slowmode end to end", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let alice: SimUser;
  let databaseUrl: string;
  const apps: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    guild = sim.createGuild({ name: "Slow" });
    mod = sim.createUser({ username: "mod" });
    alice = sim.createUser({ username: "alice" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageChannels,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(alice.id);
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    for (let i = 0; i < 2; i += 1) apps.push((await startBot({ sim, databaseUrl, cogs: [ChannelsCog] })).app);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const slowmode = (channel: SimChannel, options: Record<string, string>, userId = mod.id) =>
    sim.command({ guildId: guild.id, userId, channelId: channel.id, name: "slowmode", options }).answer();
  const restores = () => apps[0]?.container.resolve(ChannelRestoreController) as ChannelRestoreController;

  it("sets, changes and turns off slowmode; 0, off, seconds and durations are understood", async () => {
    const channel = guild.createChannel({ name: "plain" });
    expect((await slowmode(channel, { delay: "30" })).content).toBe(
      `Slowmode in <#${channel.id}> is now 30s.`,
    );
    expect(channel.rateLimitPerUser).toBe(30);
    expect((await slowmode(channel, { delay: "2m" })).content).toBe(
      `Slowmode in <#${channel.id}> is now 2m.`,
    );
    expect(channel.rateLimitPerUser).toBe(120);
    expect((await slowmode(channel, { delay: "off" })).content).toBe(`Slowmode in <#${channel.id}> is off.`);
    expect(channel.rateLimitPerUser).toBe(0);
  });

  it("refuses more than Discord's 6 hours, bad input, members without Manage Channels and a bot without it", async () => {
    const channel = guild.createChannel({ name: "guarded" });
    expect((await slowmode(channel, { delay: "7h" })).content).toMatch(
      /delay.*at most 6 hours \(21600 seconds\)/s,
    );
    expect((await slowmode(channel, { delay: "21601" })).content).toMatch(/at most 6 hours/);
    expect((await slowmode(channel, { delay: "soon" })).content).toMatch(/delay/);
    expect((await slowmode(channel, { delay: "5", duration: "never" })).content).toMatch(/duration/);
    expect((await slowmode(channel, { delay: "5" }, alice.id)).content).toMatch(
      /^You need .*Manage Channels/,
    );
    sim.faults.inject({ method: "PATCH", path: PATCH, status: 403, times: 1 });
    expect((await slowmode(channel, { delay: "5", duration: "1h" })).content).toBe(
      `Discord refused: I need Manage Channels in <#${channel.id}>.`,
    );
    expect(await restores().find(guild.id, channel.id, "slowmode")).toBeNull(); // no restore of a change not made
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    guild.updateChannel(channel.id, (changed) =>
      changed.permissionOverwrites.push({
        id: warden?.id ?? "",
        type: 0,
        allow: 0n,
        deny: PermissionFlagsBits.ManageChannels,
      }),
    );
    await eventually(
      () =>
        apps.every((app) =>
          (
            app.bot.client.channels.cache.get(channel.id) as TextChannel | undefined
          )?.permissionOverwrites.cache.has(warden?.id ?? ""),
        ),
      5000,
      "the overwrite in both bots' caches",
    );
    expect((await slowmode(channel, { delay: "5" })).content).toBe(
      "I need the Manage Channels permission in this channel to do that.",
    );
    expect(channel.rateLimitPerUser ?? 0).toBe(0);
  });

  it("a timed slowmode goes back to the value before, once, though two processes run the restorer", async () => {
    const channel = guild.createChannel({ name: "timed" });
    await slowmode(channel, { delay: "10" });
    const first = await slowmode(channel, { delay: "1m", duration: "1h" });
    expect(first.content).toBe(`Slowmode in <#${channel.id}> is now 1m. In 1h it goes back to 10s.`);
    const second = await slowmode(channel, { delay: "2m", duration: "2s" });
    expect(second.content).toBe(`Slowmode in <#${channel.id}> is now 2m. In 2s it goes back to 10s.`);
    expect(channel.rateLimitPerUser).toBe(120);
    const patchesBefore = sim.requests.filter("PATCH", `/channels/${channel.id}`).length;
    await eventually(() => channel.rateLimitPerUser === 10, 15_000, "the slowmode put back");
    // Discord answers the PATCH before the restorer, having heard back, removes its row.
    await eventuallyAsync(
      async () => (await restores().find(guild.id, channel.id, "slowmode")) === null,
      5_000,
      "the restore row removed by the process that put the slowmode back",
    );
    expect(sim.requests.filter("PATCH", `/channels/${channel.id}`).length - patchesBefore).toBe(1);
  });

  it("setting a slowmode for good drops a pending restore", async () => {
    const channel = guild.createChannel({ name: "kept" });
    await slowmode(channel, { delay: "1m", duration: "1h" });
    expect(await restores().find(guild.id, channel.id, "slowmode")).not.toBeNull();
    await slowmode(channel, { delay: "5m" });
    expect(await restores().find(guild.id, channel.id, "slowmode")).toBeNull();
    expect(channel.rateLimitPerUser).toBe(300);
  });
});
