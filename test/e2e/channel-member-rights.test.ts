import { PermissionFlagsBits, type GuildChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { LOCK_DENY } from "../../src/cogs/channels/lock-state";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import {
  DiscordSimulator,
  type InteractionHandle,
  type RecordedRequest,
  type SimChannel,
  type SimGuild,
  type SimUser,
} from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_channel_member_rights_w${process.env.JEST_WORKER_ID ?? "0"}`;
const { ManageChannels, ManageMessages, ManageRoles } = PermissionFlagsBits;
const STAFF_ONLY = ManageChannels | ManageMessages | ManageRoles;

jest.setTimeout(60_000);

/**
 * A channel command acts on the target channel only where the moderator could do the same by hand:
 * a moderator denied Manage Messages / Manage Channels / Manage Roles there by an overwrite is refused,
 * whether their standing comes from a permission or from a moderator role, and from whichever channel.
 */
describe("channel commands ask the moderator, in the target channel, for what Discord would", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let helper: SimUser;
  let alice: SimUser;
  let mods: string;
  let helpers: string;
  let home: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Rights" });
    mod = sim.createUser({ username: "mod" });
    helper = sim.createUser({ username: "helper" });
    alice = sim.createUser({ username: "alice" });
    mods = guild.createRole({ name: "Mods", position: 5, permissions: STAFF_ONLY }).id;
    helpers = guild.createRole({ name: "Helpers", position: 4, permissions: 0n }).id;
    guild.addMember(mod.id, { roles: [mods] });
    guild.addMember(helper.id, { roles: [helpers] });
    guild.addMember(alice.id);
    home = guild.createChannel({ name: "home" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ChannelsCog],
    }));
    const configs = app.container.resolve(GuildConfigController);
    await configs.update(guild.id, { modLogChannelId: guild.createChannel({ name: "mod-log" }).id });
    await configs.addModeratorRole(guild.id, helpers);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.requests.clear());

  /** A channel whose overwrites deny `bits` to both the Mods and the Helpers role, as the bot sees it. */
  async function staffChannel(name: string, bits = STAFF_ONLY): Promise<SimChannel> {
    const channel = guild.createChannel({ name });
    guild.updateChannel(channel.id, (changed) => {
      for (const id of [mods, helpers])
        changed.permissionOverwrites.push({ id, type: 0, allow: 0n, deny: bits });
    });
    await eventually(
      () =>
        (app.bot.client.channels.cache.get(channel.id) as GuildChannel | undefined)?.permissionOverwrites
          .cache.size === 2,
      5000,
      "the overwrites in the bot's cache",
    );
    return channel;
  }
  const seed = (channel: SimChannel, count: number) =>
    sim.seedHistory(
      channel.id,
      Array.from({ length: count }, (_, i) => ({ authorId: alice.id, at: Date.now() - (i + 1) * 1000 })),
    );
  const run = (
    name: string,
    userId: string,
    options: Record<string, string | number> = {},
    subcommand?: string,
  ) =>
    sim.command({
      guildId: guild.id,
      userId,
      channelId: home.id,
      name,
      options,
      ...(subcommand ? { subcommand } : {}),
    });
  const finalAnswer = async (handle: InteractionHandle): Promise<string> => {
    const edits = () => sim.requests.filter("PATCH", `/webhooks/:app/${handle.token}/messages/@original`);
    const content = (request: RecordedRequest | undefined) =>
      String((request?.body as { content?: string } | undefined)?.content ?? "");
    await eventually(() => /^Deleted/.test(content(edits().at(-1))), 30_000, "the purge's answer");
    return content(edits().at(-1));
  };
  /** What the bot asked Discord to change, its answers to the interaction aside. */
  const discordChanges = () =>
    sim.requests
      .all()
      .filter((request) => request.method !== "GET" && !/^\/(webhooks|interactions)\//.test(request.path));
  const everyone = (channel: SimChannel) =>
    channel.permissionOverwrites.find((overwrite) => overwrite.id === guild.id) ?? null;

  it("/purge: refused in a channel that denies the moderator Manage Messages, by permission or by moderator role", async () => {
    const staff = await staffChannel("staff-purge");
    seed(staff, 3);
    for (const userId of [mod.id, helper.id]) {
      const reply = await run("purge", userId, { count: 10, channel: staff.id }).answer();
      expect(reply).toMatchObject({
        content: `You need Manage Messages in <#${staff.id}> to do that.`,
        ephemeral: true,
      });
    }
    expect(staff.messages).toHaveLength(3);
    expect(discordChanges().filter((request) => request.path.includes("/messages"))).toEqual([]);

    const open = guild.createChannel({ name: "open-purge" });
    seed(open, 4);
    expect(await finalAnswer(run("purge", helper.id, { count: 2, channel: open.id }))).toBe(
      `Deleted 2 messages in <#${open.id}>.`,
    );
    expect(await finalAnswer(run("purge", mod.id, { count: 2, channel: open.id }))).toBe(
      `Deleted 2 messages in <#${open.id}>.`,
    );
    expect(open.messages).toHaveLength(0);
  });

  it('"Purge after this" on a message of such a channel is refused before the form opens', async () => {
    const staff = await staffChannel("staff-menu");
    const [message] = seed(staff, 2);
    const opened = await sim
      .messageMenu({ guildId: guild.id, userId: helper.id, name: "Purge after this", targetId: message!.id })
      .answer();
    expect(opened.modal).toBeUndefined();
    expect(opened.content).toBe(`You need Manage Messages in <#${staff.id}> to do that.`);
    expect(staff.messages).toHaveLength(2);
  });

  it("/slowmode: refused where Manage Channels is denied, slowmode untouched; allowed elsewhere", async () => {
    const staff = await staffChannel("staff-slow");
    for (const userId of [mod.id, helper.id]) {
      const reply = await run("slowmode", userId, { delay: "30", channel: staff.id }).answer();
      expect(reply.content).toBe(`You need Manage Channels in <#${staff.id}> to do that.`);
    }
    expect(staff.rateLimitPerUser ?? 0).toBe(0);
    expect(discordChanges()).toEqual([]);
    const open = guild.createChannel({ name: "open-slow" });
    expect((await run("slowmode", helper.id, { delay: "30", channel: open.id }).answer()).content).toBe(
      `Slowmode in <#${open.id}> is now 30s.`,
    );
  });

  it("/lock and /unlock: refused where Manage Channels and Manage Roles are denied, nothing changed", async () => {
    const staff = await staffChannel("staff-lock");
    for (const userId of [mod.id, helper.id]) {
      const reply = await run("lock", userId, { channel: staff.id }).answer();
      expect(reply.content).toBe(`You need Manage Channels and Manage Roles in <#${staff.id}> to do that.`);
    }
    expect(everyone(staff)).toBeNull();
    expect(discordChanges()).toEqual([]);

    expect((await run("lock", guild.ownerId, { channel: staff.id }).answer()).content).toMatch(/^Locked/);
    sim.requests.clear();
    const refused = await run("unlock", helper.id, { channel: staff.id }).answer();
    expect(refused.content).toBe(`You need Manage Channels and Manage Roles in <#${staff.id}> to do that.`);
    expect(everyone(staff)?.deny).toBe(LOCK_DENY);
    expect(discordChanges()).toEqual([]);
    expect((await run("unlock", guild.ownerId, { channel: staff.id }).answer()).content).toMatch(/^Unlocked/);
  });

  it("/lock needs Manage Roles there too (Discord's Manage Permissions): Manage Channels alone is refused", async () => {
    const noRoles = await staffChannel("no-manage-roles", ManageRoles);
    const reply = await run("lock", mod.id, { channel: noRoles.id }).answer();
    expect(reply.content).toBe(`You need Manage Roles in <#${noRoles.id}> to do that.`);
    expect(everyone(noRoles)).toBeNull();
    const open = guild.createChannel({ name: "open-lock" });
    expect((await run("lock", mod.id, { channel: open.id }).answer()).content).toMatch(/^Locked/);
    expect((await run("unlock", helper.id, { channel: open.id }).answer()).content).toMatch(/^Unlocked/);
  });

  it("/lockdown skips the channels the moderator may not lock, saying so, and locks the others", async () => {
    const staff = await staffChannel("staff-lockdown");
    const open = guild.createChannel({ name: "open-lockdown" });
    const configs = app.container.resolve(GuildConfigController);
    for (const channel of [staff, open]) await configs.addLockdownChannel(guild.id, channel.id);
    const refusal = `<#${staff.id}>: You need Manage Channels and Manage Roles in <#${staff.id}> to do that.`;
    const started = await run("lockdown", helper.id, {}, "start").answer();
    expect(started.content).toBe(["Lockdown: locked 1 channel.", "1 channel failed:", refusal].join("\n"));
    expect(everyone(staff)).toBeNull();
    expect(everyone(open)?.deny).toBe(LOCK_DENY);
    const ended = await run("lockdown", mod.id, {}, "end").answer();
    expect(ended.content).toBe(
      ["Lockdown over: unlocked 1 channel.", "1 channel failed:", refusal].join("\n"),
    );
    expect(everyone(open)).toBeNull();
  });
});
