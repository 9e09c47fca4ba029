import { PermissionFlagsBits, type TextChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { LOCK_DENY } from "../../src/cogs/channels/lock-state";
import { ChannelRestoreController } from "../../src/controllers/channel-restore-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_lock_w${process.env.JEST_WORKER_ID ?? "0"}`;
const OVERWRITE = "/channels/:channel/permissions/:overwrite";
const { EmbedLinks, ReadMessageHistory, SendMessages } = PermissionFlagsBits;

jest.setTimeout(60_000);

describe("/lock and /unlock end to end", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let alice: SimUser;
  let modLog: SimChannel;
  let databaseUrl: string;
  const apps: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    guild = sim.createGuild({ name: "Locks" });
    mod = sim.createUser({ username: "mod" });
    alice = sim.createUser({ username: "alice" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(alice.id);
    modLog = guild.createChannel({ name: "mod-log" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    for (let i = 0; i < 2; i += 1) apps.push((await startBot({ sim, databaseUrl, cogs: [ChannelsCog] })).app);
    await apps[0]?.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: modLog.id });
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const run = (
    name: "lock" | "unlock",
    channel: SimChannel,
    options: Record<string, string> = {},
    userId = mod.id,
  ) => sim.command({ guildId: guild.id, userId, channelId: channel.id, name, options }).answer();
  const everyone = (channel: SimChannel) => {
    const found = channel.permissionOverwrites.find((overwrite) => overwrite.id === guild.id);
    return found ? { allow: found.allow, deny: found.deny } : null;
  };
  const restores = () => apps[0]?.container.resolve(ChannelRestoreController) as ChannelRestoreController;
  const logEntries = (title: string, channel: SimChannel) =>
    modLog.messages.filter(
      (message) =>
        message.embeds[0]?.title === title && message.embeds[0].fields?.[0]?.value === `<#${channel.id}>`,
    );
  const seenByBoth = (channel: SimChannel, has: (bot: TextChannel) => boolean) =>
    eventually(
      () =>
        apps.every((app) => {
          const cached = app.bot.client.channels.cache.get(channel.id) as TextChannel | undefined;
          return cached !== undefined && has(cached);
        }),
      5000,
      "the channel's overwrites in both bots' caches",
    );

  it("locks a channel without an @everyone overwrite and unlock removes the one it made", async () => {
    const channel = guild.createChannel({ name: "bare" });
    expect((await run("lock", channel, { reason: "raid" })).content).toBe(
      `Locked <#${channel.id}>: @everyone can't send messages or start threads there.`,
    );
    expect(everyone(channel)).toEqual({ allow: 0n, deny: LOCK_DENY });
    expect(guild.auditLog.at(-1)?.reason).toBe("Lock by mod: raid");
    expect(logEntries("Channel locked", channel)).toHaveLength(1);
    expect((await run("unlock", channel)).content).toBe(
      `Unlocked <#${channel.id}>: @everyone's permissions there are as they were before the lock.`,
    );
    expect(everyone(channel)).toBeNull();
    expect(guild.auditLog.at(-1)?.reason).toBe("Unlock by mod");
    expect(logEntries("Channel unlocked", channel)).toHaveLength(1);
    expect(await restores().find(guild.id, channel.id, "lock")).toBeNull();
  });

  it("keeps an existing @everyone overwrite's other bits and puts its exact bits back", async () => {
    const channel = guild.createChannel({ name: "tuned" });
    const before = { allow: SendMessages | EmbedLinks, deny: ReadMessageHistory };
    guild.updateChannel(channel.id, (changed) =>
      changed.permissionOverwrites.push({ id: guild.id, type: 0, ...before }),
    );
    await run("lock", channel);
    expect(everyone(channel)).toEqual({ allow: EmbedLinks, deny: ReadMessageHistory | LOCK_DENY });
    await run("unlock", channel);
    expect(everyone(channel)).toEqual(before);
  });

  it("answers plainly when the channel is already locked, not locked, or denied by hand", async () => {
    const channel = guild.createChannel({ name: "twice" });
    await run("lock", channel);
    expect((await run("lock", channel)).content).toBe(
      `<#${channel.id}> is already locked; /unlock gives it back.`,
    );
    await run("unlock", channel);
    expect((await run("unlock", channel)).content).toBe(
      `<#${channel.id}> isn't locked (not by me, at least).`,
    );
    const manual = guild.createChannel({ name: "manual" });
    guild.updateChannel(manual.id, (changed) =>
      changed.permissionOverwrites.push({ id: guild.id, type: 0, allow: 0n, deny: LOCK_DENY }),
    );
    expect((await run("lock", manual)).content).toMatch(/That isn't a lock of mine/);
    expect(await restores().find(guild.id, manual.id, "lock")).toBeNull();
  });

  it("two moderators locking at once, through two processes: one lock, one plain answer", async () => {
    const channel = guild.createChannel({ name: "race" });
    const replies = await Promise.all([run("lock", channel), run("lock", channel)]);
    expect(replies.map((reply) => reply.content.startsWith("Locked")).sort()).toEqual([false, true]);
    expect(replies.some((reply) => reply.content.includes("is already locked"))).toBe(true);
    await run("unlock", channel);
    expect(everyone(channel)).toBeNull(); // the previous state was kept by the one that locked
  });

  it("a timed lock is lifted once, by one of two processes, with a line in the mod log", async () => {
    const channel = guild.createChannel({ name: "timed" });
    expect((await run("lock", channel, { duration: "2s" })).content).toMatch(/It unlocks by itself in 2s\.$/);
    const path = `/channels/${channel.id}/permissions/${guild.id}`;
    const changes = () =>
      sim.requests.filter("PUT", path).length + sim.requests.filter("DELETE", path).length;
    const changesAfterLock = changes();
    await eventually(() => everyone(channel) === null, 15_000, "the timed lock lifted");
    await eventuallyAsync(
      async () => (await restores().find(guild.id, channel.id, "lock")) === null,
      5000,
      "the lock row removed",
    );
    await eventually(
      () =>
        modLog.messages.some(
          (message) => message.content === `Unlocked <#${channel.id}>: its timed lock ended.`,
        ),
      5000,
      "the mod-log line",
    );
    // Both processes ran the restorer meanwhile: one unlock, one line.
    expect(changes()).toBe(changesAfterLock + 1);
    expect(
      modLog.messages.filter((message) => message.content.includes(`<#${channel.id}>: its timed`)),
    ).toHaveLength(1);
  });

  it("refuses members without Manage Channels, a bot without Manage Roles, and owns up to Discord's refusals", async () => {
    const channel = guild.createChannel({ name: "guarded" });
    expect((await run("lock", channel, {}, alice.id)).content).toMatch(/^You need .*Manage Channels/);
    expect((await run("lock", channel, { duration: "soon" })).content).toMatch(/duration/);
    sim.faults.inject({ method: "PUT", path: OVERWRITE, status: 403, times: 1 });
    expect((await run("lock", channel)).content).toBe(
      `Discord refused: I need Manage Roles in <#${channel.id}>.`,
    );
    expect(await restores().find(guild.id, channel.id, "lock")).toBeNull(); // nothing to restore: not locked
    expect(everyone(channel)).toBeNull();
    sim.faults.inject({ method: "GET", path: "/channels/:channel", status: 404, code: 10003, times: 1 });
    expect((await run("lock", channel)).content).toBe(`<#${channel.id}> no longer exists.`);
    sim.faults.inject({ method: "PUT", path: OVERWRITE, status: 429, retryAfterSeconds: 0.2, times: 1 });
    expect((await run("lock", channel)).content).toMatch(/^Locked/); // discord.js waits the limit out
    sim.faults.inject({ method: "DELETE", path: OVERWRITE, status: 403, times: 1 });
    expect((await run("unlock", channel)).content).toBe(
      `Discord refused: I need Manage Roles in <#${channel.id}>.`,
    );
    expect(await restores().find(guild.id, channel.id, "lock")).not.toBeNull(); // still locked, still restorable
    expect((await run("unlock", channel)).content).toMatch(/^Unlocked/);
    expect(everyone(channel)).toBeNull();
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    guild.updateChannel(channel.id, (changed) =>
      changed.permissionOverwrites.push({
        id: warden?.id ?? "",
        type: 0,
        allow: 0n,
        deny: PermissionFlagsBits.ManageRoles,
      }),
    );
    await seenByBoth(channel, (cached) => cached.permissionOverwrites.cache.has(warden?.id ?? ""));
    expect((await run("lock", channel)).content).toBe(
      "I need the Manage Roles permission in this channel to do that.",
    );
  });
});
