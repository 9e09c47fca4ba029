import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_config_modrole_w${process.env.JEST_WORKER_ID ?? "0"}`;
const NEEDS_ADMIN =
  "Only the server owner or a member with the Administrator permission can change moderator roles.";

/** Who may make a role a moderator role, and which roles may be one (issue 10, finding 7). */
describe("/config modrole: no escalation through moderator roles", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let administrator: SimUser;
  let manager: SimUser;
  let plain: SimUser;
  const roles: Record<string, string> = {};

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Modrole Guild" });
    roles.high = guild.createRole({ name: "High", position: 8 }).id;
    roles.admins = guild.createRole({
      name: "Admins",
      position: 6,
      permissions: PermissionFlagsBits.Administrator,
    }).id;
    roles.managers = guild.createRole({
      name: "Managers",
      position: 4,
      permissions: PermissionFlagsBits.ManageGuild,
    }).id;
    roles.helpers = guild.createRole({ name: "Helpers", position: 2 }).id;
    roles.integration = guild.createRole({ name: "Some Bot", position: 1, managed: true }).id;
    administrator = sim.createUser({ username: "administrator" });
    manager = sim.createUser({ username: "manager" });
    plain = sim.createUser({ username: "plain" });
    guild.addMember(administrator.id, { roles: [roles.admins] });
    guild.addMember(manager.id, { roles: [roles.managers] });
    guild.addMember(plain.id);
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ConfigCog, ModerationCog],
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const configs = (): GuildConfigController => app.container.resolve(GuildConfigController);
  const moderatorRoles = async (): Promise<string[]> => (await configs().get(guild.id)).moderatorRoleIds;

  beforeEach(async () => {
    await configs().deleteById(guild.id);
  });

  const modrole = (userId: string, subcommand: "add" | "remove", role: string) =>
    sim
      .command({ guildId: guild.id, userId, name: "config", group: "modrole", subcommand, options: { role } })
      .answer();

  it("refuses a member with Manage Server only, saying what is needed, but still shows the settings", async () => {
    const add = await modrole(manager.id, "add", roles.helpers ?? "");
    expect(add).toMatchObject({ ephemeral: true, content: NEEDS_ADMIN });
    await configs().addModeratorRole(guild.id, roles.helpers ?? "");
    const remove = await modrole(manager.id, "remove", roles.helpers ?? "");
    expect(remove).toMatchObject({ ephemeral: true, content: NEEDS_ADMIN });
    expect(await moderatorRoles()).toEqual([roles.helpers]);
    const show = await sim
      .command({ guildId: guild.id, userId: manager.id, name: "config", subcommand: "show" })
      .answer();
    expect(show.embeds[0]?.title).toBe("Warden settings for Modrole Guild");
  });

  it("lets an administrator add and remove a role below their own", async () => {
    expect((await modrole(administrator.id, "add", roles.helpers ?? "")).content).toBe(
      `<@&${roles.helpers}> is now a moderator role: its members can use moderation commands.`,
    );
    expect((await modrole(administrator.id, "remove", roles.helpers ?? "")).content).toBe(
      `<@&${roles.helpers}> is no longer a moderator role.`,
    );
    expect(await moderatorRoles()).toEqual([]);
  });

  it.each([
    [
      "@everyone",
      () => guild.id,
      () => "@everyone can't be a moderator role: every member would be a moderator.",
    ],
    [
      "an integration's role",
      () => roles.integration ?? "",
      () =>
        `<@&${roles.integration}> belongs to an integration (such as a bot), so it can't be a moderator role.`,
    ],
    [
      "a role above their own",
      () => roles.high ?? "",
      () => `<@&${roles.high}> isn't below your highest role, so you can't make it a moderator role.`,
    ],
    [
      "their own highest role",
      () => roles.admins ?? "",
      () => `<@&${roles.admins}> isn't below your highest role, so you can't make it a moderator role.`,
    ],
  ])("refuses an administrator adding %s", async (_what, role, refusal) => {
    const reply = await modrole(administrator.id, "add", role());
    expect(reply).toMatchObject({ ephemeral: true, content: refusal() });
    expect(await moderatorRoles()).toEqual([]);
  });

  it("lets the owner add any role that is not @everyone or managed, even one above every member", async () => {
    expect((await modrole(guild.ownerId, "add", roles.high ?? "")).content).toBe(
      `<@&${roles.high}> is now a moderator role: its members can use moderation commands.`,
    );
    expect((await modrole(guild.ownerId, "add", guild.id)).content).toBe(
      "@everyone can't be a moderator role: every member would be a moderator.",
    );
    expect(await moderatorRoles()).toEqual([roles.high]);
  });

  it("stops the escalation: a Manage Server member cannot make their role a moderator role, then /ban", async () => {
    const victim = sim.createUser({ username: "victim" });
    guild.addMember(victim.id);
    const add = await modrole(manager.id, "add", roles.managers ?? "");
    expect(add.content).toBe(NEEDS_ADMIN);
    expect(await moderatorRoles()).toEqual([]);
    const ban = await sim
      .command({
        guildId: guild.id,
        userId: manager.id,
        name: "ban",
        options: { user: victim.id, reason: "because I can" },
      })
      .answer();
    expect(ban).toMatchObject({
      ephemeral: true,
      content: "You need the Ban Members permission or a moderator role to use /ban.",
    });
    expect(guild.bans.has(victim.id)).toBe(false);
  });

  it("never counts @everyone as a moderator role, even when an old row lists it", async () => {
    const target = sim.createUser({ username: "target" });
    guild.addMember(target.id);
    await configs().addModeratorRole(guild.id, guild.id); // as a row written before the rule existed
    const warn = await sim
      .command({
        guildId: guild.id,
        userId: plain.id,
        name: "warn",
        options: { user: target.id, reason: "x" },
      })
      .answer();
    expect(warn.content).toBe("You need the Timeout Members permission or a moderator role to use /warn.");
  });
});
