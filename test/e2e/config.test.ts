import { ChannelType, OverwriteType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_config_w${process.env.JEST_WORKER_ID ?? "0"}`;

type Options = Record<string, string | boolean>;

describe("/config", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let admin: SimUser;
  /** Has Administrator: changing moderator roles needs it (or ownership). */
  let administrator: SimUser;
  let alice: SimUser;
  let helper: SimUser;
  /** A guild where the bot lacks View Audit Log (set before it connects). */
  let blind: SimGuild;
  const channels: Record<string, string> = {};
  const roles: Record<string, string> = {};

  /** A text channel where the bot's role is denied `deny`, set before the bot connects. */
  function restrictedChannel(name: string, botRoleId: string, deny: bigint): string {
    const channel = guild.createChannel({ name });
    channel.permissionOverwrites.push({ id: botRoleId, type: OverwriteType.Role, allow: 0n, deny });
    return channel.id;
  }

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Config Guild" });
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("the simulator gave the bot no role");
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    roles.helpers = guild.createRole({ name: "Helpers" }).id;
    roles.integration = guild.createRole({ name: "Some Bot", managed: true }).id;
    const administrators = guild.createRole({
      name: "Administrators",
      position: 5,
      permissions: PermissionFlagsBits.Administrator,
    });
    admin = sim.createUser({ username: "admin" });
    administrator = sim.createUser({ username: "administrator" });
    alice = sim.createUser({ username: "alice" });
    helper = sim.createUser({ username: "helper" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(administrator.id, { roles: [administrators.id] });
    guild.addMember(alice.id);
    guild.addMember(helper.id, { roles: [roles.helpers] });
    channels.modLog = guild.createChannel({ name: "mod-log" }).id;
    channels.news = guild.createChannel({ name: "news", type: ChannelType.GuildAnnouncement }).id;
    channels.voice = guild.createChannel({ name: "voice", type: ChannelType.GuildVoice }).id;
    channels.hidden = restrictedChannel("hidden", botRole.id, PermissionFlagsBits.ViewChannel);
    channels.readOnly = restrictedChannel(
      "read-only",
      botRole.id,
      PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
    );
    channels.noEmbeds = restrictedChannel("no-embeds", botRole.id, PermissionFlagsBits.EmbedLinks);
    blind = sim.createGuild({ name: "No Audit Log" });
    const blindBotRole = [...blind.roles.values()].find((role) => role.name === "Warden");
    if (blindBotRole) blindBotRole.permissions &= ~PermissionFlagsBits.ViewAuditLog;
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [ConfigCog] }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const configs = (): GuildConfigController => app.container.resolve(GuildConfigController);

  beforeEach(async () => {
    await configs().deleteById(guild.id); // back to the defaults
  });

  const run = (userId: string, subcommand: string, options: Options = {}, group?: string) =>
    sim
      .command({
        guildId: guild.id,
        userId,
        name: "config",
        subcommand,
        options,
        ...(group ? { group } : {}),
      })
      .answer();

  async function shown(): Promise<Record<string, string>> {
    const reply = await run(admin.id, "show");
    expect(reply.ephemeral).toBe(true);
    return Object.fromEntries((reply.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]));
  }

  it("is registered for Manage Server, in servers only, with a text-channel option", () => {
    const command = sim.registeredCommands().find((candidate) => candidate.name === "config");
    expect(command?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(command?.contexts).toEqual([0]);
    const modlog = command?.options?.find((option) => option.name === "modlog");
    const channel = modlog && "options" in modlog ? modlog.options?.[0] : undefined;
    expect(channel && "channel_types" in channel ? channel.channel_types : undefined).toEqual([
      ChannelType.GuildText,
      ChannelType.GuildAnnouncement,
    ]);
  });

  it("shows the defaults", async () => {
    expect(await shown()).toEqual({
      "Mod-log channel": "not set",
      "Moderator roles": "none (members with the commands' own permissions only)",
      "Lockdown channels": "none",
      "DM on action": "on",
      "Restricted role": "not set",
      "Role persistence":
        "inactive: it needs the Server Members intent (`PRIVILEGED_INTENTS=true`, and the intent enabled for the bot in the Developer Portal)",
    });
  });

  it("costs no statement to show once the config is cached", async () => {
    await shown();
    const { statements } = await app.database.queries.record(() => shown());
    expect(statements).toEqual([]);
  });

  it("refuses every subcommand to members without Manage Server, moderator role or not", async () => {
    await configs().addModeratorRole(guild.id, roles.helpers ?? "");
    const invocations: Array<[string, Options, string | undefined, string]> = [
      ["show", {}, undefined, "/config show"],
      ["modlog", { channel: channels.modLog ?? "" }, undefined, "/config modlog"],
      ["add", { role: roles.helpers ?? "" }, "modrole", "/config modrole add"],
      ["remove", { role: roles.helpers ?? "" }, "modrole", "/config modrole remove"],
      ["dm-on-action", { enabled: false }, undefined, "/config dm-on-action"],
    ];
    for (const member of [alice, helper]) {
      for (const [subcommand, options, group, label] of invocations) {
        const reply = await run(member.id, subcommand, options, group);
        expect(reply.ephemeral).toBe(true);
        expect(reply.content).toBe(`You need the Manage Server permission to use ${label}.`);
      }
    }
    const config = await configs().get(guild.id);
    expect(config).toMatchObject({ modLogChannelId: null, dmOnAction: true });
  });

  it("sets the mod-log channel and forgets the old channel's problem", async () => {
    await configs().update(guild.id, { modLogProblem: "the mod-log channel no longer exists" });
    const reply = await run(admin.id, "modlog", { channel: channels.modLog ?? "" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(`Cases will be posted in <#${channels.modLog}>.`);
    expect(await configs().get(guild.id)).toMatchObject({
      modLogChannelId: channels.modLog,
      modLogProblem: null,
    });
    expect((await shown())["Mod-log channel"]).toBe(`<#${channels.modLog}>`);
  });

  it("accepts an announcement channel", async () => {
    const reply = await run(admin.id, "modlog", { channel: channels.news ?? "" });
    expect(reply.content).toBe(`Cases will be posted in <#${channels.news}>.`);
  });

  it("refuses a channel that is neither text nor announcement", async () => {
    const reply = await run(admin.id, "modlog", { channel: channels.voice ?? "" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(`<#${channels.voice}> isn't a text or announcement channel.`);
    expect((await configs().get(guild.id)).modLogChannelId).toBeNull();
  });

  it.each([
    ["hidden", "the View Channel permission"],
    ["readOnly", "the Send Messages and Embed Links permissions"],
    ["noEmbeds", "the Embed Links permission"],
  ])("refuses a channel where it cannot post (%s), naming what it lacks", async (name, missing) => {
    const channelId = channels[name] ?? "";
    const reply = await run(admin.id, "modlog", { channel: channelId });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(`I can't post in <#${channelId}>: I need ${missing} there.`);
    expect((await configs().get(guild.id)).modLogChannelId).toBeNull();
  });

  it("adds and removes a moderator role, and says when there is nothing to do", async () => {
    const role = roles.helpers ?? "";
    const add = () => run(administrator.id, "add", { role }, "modrole");
    const remove = () => run(administrator.id, "remove", { role }, "modrole");
    expect((await add()).content).toBe(
      `<@&${role}> is now a moderator role: its members can use moderation commands.`,
    );
    expect((await add()).content).toBe(`<@&${role}> is already a moderator role.`);
    expect((await configs().get(guild.id)).moderatorRoleIds).toEqual([role]);
    expect((await shown())["Moderator roles"]).toBe(`<@&${role}>`);
    expect((await remove()).content).toBe(`<@&${role}> is no longer a moderator role.`);
    const again = await remove();
    expect(again.ephemeral).toBe(true);
    expect(again.content).toBe(`<@&${role}> isn't a moderator role.`);
    expect((await configs().get(guild.id)).moderatorRoleIds).toEqual([]);
  });

  it("refuses @everyone and an integration's role as moderator roles", async () => {
    const everyone = await run(administrator.id, "add", { role: guild.id }, "modrole");
    expect(everyone.ephemeral).toBe(true);
    expect(everyone.content).toBe("@everyone can't be a moderator role: every member would be a moderator.");
    const managed = await run(administrator.id, "add", { role: roles.integration ?? "" }, "modrole");
    expect(managed.content).toBe(
      `<@&${roles.integration}> belongs to an integration (such as a bot), so it can't be a moderator role.`,
    );
    expect((await configs().get(guild.id)).moderatorRoleIds).toEqual([]);
  });

  it("turns DMs on action off and on again", async () => {
    const off = await run(admin.id, "dm-on-action", { enabled: false });
    expect(off.ephemeral).toBe(true);
    expect(off.content).toBe("Members will no longer get a DM when a moderator acts on them.");
    expect((await configs().get(guild.id)).dmOnAction).toBe(false);
    expect((await shown())["DM on action"]).toBe("off");
    const on = await run(admin.id, "dm-on-action", { enabled: true });
    expect(on.content).toBe("Members will now get a DM when a moderator acts on them.");
    expect((await shown())["DM on action"]).toBe("on");
  });

  it("shows the last mod-log failure", async () => {
    await configs().update(guild.id, {
      modLogChannelId: channels.modLog ?? null,
      modLogProblem: "I lack permission to post in the mod-log channel",
    });
    expect((await shown()).Problems).toBe(
      "⚠ last mod-log post failed: I lack permission to post in the mod-log channel",
    );
  });

  it("warns when the mod-log channel has been deleted", async () => {
    const client = app.bot.client;
    const doomed = guild.createChannel({ name: "old-log" }).id;
    await eventually(() => client.channels.cache.has(doomed), 3000, "the new channel in the bot's cache");
    expect((await run(admin.id, "modlog", { channel: doomed })).content).toBe(
      `Cases will be posted in <#${doomed}>.`,
    );
    expect((await shown()).Problems).toBeUndefined();
    guild.deleteChannel(doomed);
    await eventually(() => !client.channels.cache.has(doomed), 3000, "the deletion to reach the bot");
    const fields = await shown();
    expect(fields["Mod-log channel"]).toBe(`<#${doomed}>`);
    expect(fields.Problems).toBe(
      "⚠ the mod-log channel no longer exists; choose another with `/config modlog`",
    );
  });

  it("answers in German: the settings, a refused channel named in German, and a refused role", async () => {
    const german = (userId: string, subcommand: string, options: Options = {}, group?: string) =>
      sim
        .command({
          guildId: guild.id,
          userId,
          name: "config",
          subcommand,
          options,
          locale: "de",
          ...(group ? { group } : {}),
        })
        .answer();
    await configs().update(guild.id, { modLogChannelId: channels.readOnly ?? null });
    const embed = (await german(admin.id, "show")).embeds[0];
    expect(embed?.title).toBe("Warden-Einstellungen für Config Guild");
    expect(Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]))).toEqual({
      "Mod-Log-Kanal": `<#${channels.readOnly}>`,
      Moderatorenrollen: "keine (nur Mitglieder mit den Berechtigungen der Befehle selbst)",
      "Lockdown-Kanäle": "keine",
      "DM bei Maßnahmen": "an",
      Einschränkungsrolle: "nicht festgelegt",
      "Rollen beim Wiederbeitritt":
        "inaktiv: Dafür braucht es den Server-Members-Intent (`PRIVILEGED_INTENTS=true` und den Intent für den Bot im Developer Portal aktiviert)",
      Probleme:
        "⚠ Ich kann nicht im Mod-Log-Kanal posten: Ich brauche dort die Berechtigungen Nachrichten senden und Links einbetten",
    });
    const refused = await german(admin.id, "modlog", { channel: channels.noEmbeds ?? "" });
    expect(refused).toMatchObject({
      ephemeral: true,
      content: `Ich kann nicht in <#${channels.noEmbeds}> posten: Ich brauche dort die Berechtigung Links einbetten.`,
    });
    const notAdmin = await german(admin.id, "add", { role: roles.helpers ?? "" }, "modrole");
    expect(notAdmin.content).toBe(
      "Nur der Serverbesitzer oder Mitglieder mit der Berechtigung Administrator können Moderatorenrollen ändern.",
    );
    expect((await german(admin.id, "dm-on-action", { enabled: false })).content).toBe(
      "Mitglieder bekommen keine DM mehr, wenn ein Moderator gegen sie vorgeht.",
    );
  });

  it("warns when it can no longer post in the mod-log channel", async () => {
    await configs().update(guild.id, { modLogChannelId: channels.readOnly ?? null });
    expect((await shown()).Problems).toBe(
      "⚠ I can't post in the mod-log channel: I need the Send Messages and Embed Links permissions there",
    );
  });

  it("warns that role changes go unlogged without View Audit Log", async () => {
    const reply = await sim
      .command({ guildId: blind.id, userId: blind.ownerId, name: "config", subcommand: "show" })
      .answer();
    const problems = reply.embeds[0]?.fields?.find((field) => field.name === "Problems");
    expect(problems?.value).toBe(
      "⚠ I can't log role changes in the event log: I need the View Audit Log permission",
    );
  });
});
