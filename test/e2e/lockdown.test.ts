import { PermissionFlagsBits, type TextChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { LOCK_DENY } from "../../src/cogs/channels/lock-state";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_lockdown_w${process.env.JEST_WORKER_ID ?? "0"}`;
const { EmbedLinks, ManageRoles, SendMessages } = PermissionFlagsBits;

jest.setTimeout(60_000);

describe("/lockdown and /config lockdown-channels end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let admin: SimUser;
  let modLog: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Raid" });
    mod = sim.createUser({ username: "mod" });
    admin = sim.createUser({ username: "admin" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles,
    });
    const managers = guild.createRole({
      name: "Managers",
      position: 6,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(admin.id, { roles: [managers.id] });
    modLog = guild.createChannel({ name: "mod-log" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ChannelsCog, ConfigCog],
    }));
    await app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: modLog.id });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const config = (subcommand: string, options: Record<string, string> = {}) =>
    sim
      .command({
        guildId: guild.id,
        userId: admin.id,
        channelId: modLog.id,
        name: "config",
        group: "lockdown-channels",
        subcommand,
        options,
      })
      .answer();
  const lockdown = (subcommand: "start" | "end", options: Record<string, string> = {}, userId = mod.id) =>
    sim
      .command({ guildId: guild.id, userId, channelId: modLog.id, name: "lockdown", subcommand, options })
      .answer();
  const everyone = (channel: SimChannel) => {
    const found = channel.permissionOverwrites.find((overwrite) => overwrite.id === guild.id);
    return found ? { allow: found.allow, deny: found.deny } : null;
  };
  const entries = (title: string) => modLog.messages.filter((message) => message.embeds[0]?.title === title);

  it("keeps the set with add, remove and list, refusing doubles, strangers and channels it couldn't lock", async () => {
    expect((await lockdown("start")).content).toMatch(/^No lockdown channels are set/);
    const one = guild.createChannel({ name: "one" });
    expect((await config("add", { channel: one.id })).content).toBe(
      `<#${one.id}> will be locked by /lockdown start.`,
    );
    expect((await config("add", { channel: one.id })).content).toBe(
      `<#${one.id}> is already a lockdown channel.`,
    );
    expect((await config("list")).content).toBe(`Lockdown channels: <#${one.id}>`);
    const shown = await sim
      .command({
        guildId: guild.id,
        userId: admin.id,
        channelId: modLog.id,
        name: "config",
        subcommand: "show",
      })
      .answer();
    expect(shown.embeds[0]?.fields?.find((field) => field.name === "Lockdown channels")?.value).toBe(
      `<#${one.id}>`,
    );
    expect((await config("remove", { channel: one.id })).content).toBe(
      `<#${one.id}> is no longer a lockdown channel.`,
    );
    expect((await config("remove", { channel: one.id })).content).toBe(
      `<#${one.id}> isn't a lockdown channel.`,
    );
    expect((await config("list")).content).toBe("Lockdown channels: none");
    const closed = guild.createChannel({ name: "closed" });
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    guild.updateChannel(closed.id, (changed) =>
      changed.permissionOverwrites.push({ id: warden?.id ?? "", type: 0, allow: 0n, deny: ManageRoles }),
    );
    await eventually(
      () =>
        (
          app.bot.client.channels.cache.get(closed.id) as TextChannel | undefined
        )?.permissionOverwrites.cache.has(warden?.id ?? "") === true,
      5000,
      "the overwrite in the bot's cache",
    );
    expect((await config("add", { channel: closed.id })).content).toBe(
      `I couldn't lock <#${closed.id}>: I need the Manage Roles permission there.`,
    );
  });

  it("locks every channel on its own (one refused by Discord), then ends restoring each exactly", async () => {
    const plain = guild.createChannel({ name: "plain" });
    const tuned = guild.createChannel({ name: "tuned" });
    const refused = guild.createChannel({ name: "refused" });
    const before = { allow: SendMessages | EmbedLinks, deny: 0n };
    guild.updateChannel(tuned.id, (changed) =>
      changed.permissionOverwrites.push({ id: guild.id, type: 0, ...before }),
    );
    for (const channel of [plain, tuned, refused]) await config("add", { channel: channel.id });
    sim.faults.inject({
      method: "PUT",
      path: `/channels/${refused.id}/permissions/${guild.id}`,
      status: 403,
      times: 1,
    });

    const started = await lockdown("start", { reason: "raid" });
    expect(started.content).toBe(
      [
        "Lockdown: locked 2 channels.",
        "1 channel failed:",
        `<#${refused.id}>: Discord refused: I need Manage Roles in <#${refused.id}>.`,
      ].join("\n"),
    );
    expect(everyone(plain)).toEqual({ allow: 0n, deny: LOCK_DENY });
    expect(everyone(tuned)).toEqual({ allow: EmbedLinks, deny: LOCK_DENY });
    expect(everyone(refused)).toBeNull();
    const [entry, ...more] = entries("Lockdown started");
    expect(more).toHaveLength(0);
    const field = (name: string) => entry?.embeds[0]?.fields?.find((f) => f.name === name)?.value;
    expect(field("Locked")).toBe(`<#${plain.id}>, <#${tuned.id}>`);
    expect(field("Failed")).toContain(`<#${refused.id}>`);
    expect(field("Reason")).toBe("raid");
    expect(guild.auditLog.at(-1)?.reason).toBe("Lockdown by mod: raid");

    const again = await lockdown("start");
    expect(again.content).toBe(`Lockdown: locked 1 channel.\nAlready locked: <#${plain.id}>, <#${tuned.id}>`);

    const ended = await lockdown("end");
    expect(ended.content).toBe("Lockdown over: unlocked 3 channels.");
    expect(everyone(plain)).toBeNull();
    expect(everyone(tuned)).toEqual(before);
    expect(everyone(refused)).toBeNull();
    expect(entries("Lockdown ended")).toHaveLength(1);
    for (const channel of [plain, tuned, refused]) await config("remove", { channel: channel.id });
  });

  it("end unlocks only what start locked: a channel /lock had locked stays locked, and /unlock opens either", async () => {
    const a = guild.createChannel({ name: "a" });
    const b = guild.createChannel({ name: "b" });
    const c = guild.createChannel({ name: "c" });
    for (const channel of [a, b, c]) await config("add", { channel: channel.id });
    const lock = (name: "lock" | "unlock", channel: SimChannel) =>
      sim.command({ guildId: guild.id, userId: mod.id, channelId: channel.id, name }).answer();
    expect((await lock("lock", a)).content).toMatch(/^Locked/);

    expect((await lockdown("start")).content).toBe(
      `Lockdown: locked 2 channels.\nAlready locked: <#${a.id}>`,
    );
    expect((await lock("unlock", c)).content).toMatch(/^Unlocked/);
    expect(everyone(c)).toBeNull();
    const ended = await lockdown("end");
    expect(ended.content).toBe(
      [
        "Lockdown over: unlocked 1 channel.",
        `Not locked by me: <#${c.id}>`,
        `Still locked with /lock (/unlock opens them): <#${a.id}>`,
      ].join("\n"),
    );
    expect(everyone(a)).toEqual({ allow: 0n, deny: LOCK_DENY });
    expect(everyone(b)).toBeNull();
    const field = entries("Lockdown ended")
      .at(-1)
      ?.embeds[0]?.fields?.find((found) => found.name === "Left as they were")?.value;
    expect(field).toBe(`<#${c.id}>, <#${a.id}>`);

    expect((await lock("unlock", a)).content).toMatch(/^Unlocked/);
    expect(everyone(a)).toBeNull();
    for (const channel of [a, b, c]) await config("remove", { channel: channel.id });
  });

  it("a deleted lockdown channel is listed as failed; members without Manage Channels are refused", async () => {
    const kept = guild.createChannel({ name: "kept" });
    const doomed = guild.createChannel({ name: "doomed" });
    await config("add", { channel: kept.id });
    await config("add", { channel: doomed.id });
    guild.deleteChannel(doomed.id);
    await eventually(() => !app.bot.client.channels.cache.has(doomed.id), 5000, "the deletion seen");
    expect((await lockdown("start")).content).toBe(
      `Lockdown: locked 1 channel.\n1 channel failed:\n<#${doomed.id}>: <#${doomed.id}> no longer exists.`,
    );
    expect((await lockdown("end", {}, admin.id)).content).toMatch(/^You need .*Manage Channels/);
    expect((await lockdown("end")).content).toMatch(/^Lockdown over: unlocked 1 channel\./);
  });
});
