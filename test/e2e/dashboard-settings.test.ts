import { ChannelType, OverwriteType, PermissionFlagsBits } from "discord.js";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { AutomodController } from "../../src/controllers/automod-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_settings_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The settings page: owner and Administrators only, through `/config`'s and `/automod`'s controllers. */
describe("dashboard settings page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let owner: SimUser;
  let administrator: SimUser;
  let mod: SimUser;
  let eve: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let token: string;
  const channels = { first: "", second: "", voice: "", readOnly: "" };
  const roles = { mods: "", helpers: "", integration: "", high: "", admins: "" };

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    owner = sim.createUser({ username: "owner" });
    guild = sim.createGuild({ name: "Settings <Guild>", ownerId: owner.id });
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("the simulator gave the bot no role");
    roles.mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    roles.helpers = guild.createRole({ name: "Helpers <b>" }).id;
    roles.integration = guild.createRole({ name: "Some Bot", managed: true }).id;
    roles.high = guild.createRole({ name: "High", position: 20 }).id;
    roles.admins = guild.createRole({
      name: "Administrators",
      position: 10,
      permissions: PermissionFlagsBits.Administrator,
    }).id;
    administrator = sim.createUser({ username: "administrator" });
    mod = sim.createUser({ username: "mod" });
    eve = sim.createUser({ username: "eve" });
    guild.addMember(administrator.id, { roles: [roles.admins] });
    guild.addMember(mod.id, { roles: [roles.mods] });
    guild.addMember(eve.id);
    channels.first = guild.createChannel({ name: "first-log" }).id;
    channels.second = guild.createChannel({ name: "second-log" }).id;
    channels.voice = guild.createChannel({ name: "voice", type: ChannelType.GuildVoice }).id;
    const readOnly = guild.createChannel({ name: "read-only" });
    readOnly.permissionOverwrites.push({
      id: botRole.id,
      type: OverwriteType.Role,
      allow: 0n,
      deny: PermissionFlagsBits.SendMessages,
    });
    channels.readOnly = readOnly.id;
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog],
    });
    await dashboard.app.container.resolve(GuildConfigController).setModLogChannel(guild.id, channels.first);
    browser = dashboard.browser();
    await browser.signIn(administrator);
    token = DashboardClient.csrfToken((await browser.get(`/guilds/${guild.id}/settings`)).html);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const settings = () => `/guilds/${guild.id}/settings`;
  const config = () => dashboard.app.container.resolve(GuildConfigController).get(guild.id);
  /** A settings form as the page loaded now would send it: its token and the state it showed. */
  const pageForm = async (action: string, viewer = browser) => {
    const html = (await viewer.get(settings())).html;
    const form =
      new RegExp(`<form[^>]*action="${settings()}/${action}">([\\s\\S]*?)</form>`).exec(html)?.[1] ?? "";
    const fields = new URLSearchParams({ _csrf: DashboardClient.csrfToken(html) });
    for (const [, value] of form.matchAll(/<input type="hidden" name="shown" value="([^"]*)">/g)) {
      fields.append("shown", value ?? "");
    }
    return fields;
  };
  const withValues = (form: URLSearchParams, field: string, values: readonly string[]) => {
    const copy = new URLSearchParams(form);
    for (const value of values) copy.append(field, value);
    return copy;
  };

  it("shows the guild's text channels, assignable roles and automod rules, every control labelled", async () => {
    const page = await browser.get(settings());
    expect(page.status).toBe(200);
    expect(page.html).toContain("Settings of Settings &lt;Guild&gt;");
    expect(page.html).toContain(`<option value="${channels.first}" selected>#first-log</option>`);
    expect(page.html).toContain(`<option value="${channels.second}">#second-log</option>`);
    expect(page.html).not.toContain("#voice");
    expect(page.html).toContain(`<option value="${roles.helpers}">Helpers &lt;b&gt;</option>`);
    expect(page.html).not.toContain("Some Bot");
    expect(page.html).not.toContain(`value="${guild.id}"`);
    expect(page.html).toContain('<input type="checkbox" id="rule-invites" name="enabled" value="invites">');
    const ids = [...page.html.matchAll(/<(?:select|input type="checkbox") id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(page.html).toContain(`<label for="${id}">`);
  });

  it("changes the mod-log channel, and the bot's next /warn posts in the new channel", async () => {
    const saved = await browser.post(`${settings()}/mod-log`, { _csrf: token, channel: channels.second });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${settings()}?saved=mod-log`);
    expect((await browser.get(saved.location ?? "")).html).toContain("Cases will be posted in #second-log.");
    const reply = await sim
      .command({ guildId: guild.id, userId: mod.id, name: "warn", options: { user: eve.id, reason: "web" } })
      .answer();
    expect(reply.content ?? "").not.toMatch(/error|wrong|can't/i);
    const posts = (channelId: string) =>
      sim.requests.filter("POST", new RegExp(`^/channels/${channelId}/messages$`)).length;
    await eventually(() => posts(channels.second) === 1, 5000, "the case in the new mod-log channel");
    expect(posts(channels.first)).toBe(0);
  });

  it("refuses a channel the bot cannot post in, or that is not a text channel, on the page", async () => {
    const readOnly = await browser.post(`${settings()}/mod-log`, {
      _csrf: token,
      channel: channels.readOnly,
    });
    expect(readOnly.status).toBe(400);
    expect(readOnly.html).toContain(
      "Nothing was changed: Warden cannot post in #read-only: it needs the Send Messages permission there.",
    );
    expect(readOnly.html).toContain('role="alert"');
    const voice = await browser.post(`${settings()}/mod-log`, { _csrf: token, channel: channels.voice });
    expect(voice.status).toBe(400);
    expect(voice.html).toContain("#voice is not a text or announcement channel.");
    const forged = await browser.post(`${settings()}/mod-log`, { _csrf: token, channel: "<script>" });
    expect(forged.status).toBe(400);
    expect(forged.html).not.toContain("<script>");
    expect((await config()).modLogChannelId).toBe(channels.second);
  });

  it("adds and removes moderator roles as selected, and the new role's members become moderators", async () => {
    const added = await browser.post(`${settings()}/moderator-roles`, {
      _csrf: token,
      roles: roles.helpers,
    });
    expect(added.status).toBe(303);
    expect((await config()).moderatorRoleIds).toEqual([roles.helpers]);
    const helper = sim.createUser({ username: "helper" });
    guild.addMember(helper.id, { roles: [roles.helpers] });
    const helperBrowser = dashboard.browser();
    await helperBrowser.signIn(helper);
    expect((await helperBrowser.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
    const cleared = await browser.post(`${settings()}/moderator-roles`, await pageForm("moderator-roles"));
    expect(cleared.status).toBe(303);
    expect((await config()).moderatorRoleIds).toEqual([]);
    expect((await helperBrowser.get(`/guilds/${guild.id}/cases`)).status).toBe(403);
  });

  it("refuses @everyone, an integration's role and a role above the administrator's, changing nothing", async () => {
    const cases: Array<[string, string]> = [
      [guild.id, "@everyone cannot be a moderator role"],
      [roles.integration, "Some Bot belongs to an integration"],
      [roles.high, "High is not below your highest role"],
    ];
    for (const [roleId, message] of cases) {
      const form = new URLSearchParams({ _csrf: token });
      form.append("roles", roles.helpers);
      form.append("roles", roleId);
      const refused = await browser.post(`${settings()}/moderator-roles`, form);
      expect(refused.status).toBe(400);
      expect(refused.html).toContain(message);
      expect((await config()).moderatorRoleIds).toEqual([]);
    }
  });

  it("lets the owner add a role above everyone else's", async () => {
    const ownerBrowser = dashboard.browser();
    await ownerBrowser.signIn(owner);
    const ownerToken = DashboardClient.csrfToken((await ownerBrowser.get(settings())).html);
    const added = await ownerBrowser.post(`${settings()}/moderator-roles`, {
      _csrf: ownerToken,
      roles: roles.high,
    });
    expect(added.status).toBe(303);
    expect((await config()).moderatorRoleIds).toEqual([roles.high]);
  });

  it("turns automod rules on and off through the automod controller", async () => {
    const form = new URLSearchParams({ _csrf: token });
    form.append("enabled", "invites");
    form.append("enabled", "caps");
    const saved = await browser.post(`${settings()}/automod`, form);
    expect(saved.status).toBe(303);
    const automod = dashboard.app.container.resolve(AutomodController);
    const enabled = async () =>
      (await automod.load(guild.id)).rules.filter((rule) => rule.enabled).map((rule) => rule.rule);
    expect(await enabled()).toEqual(["caps", "invites"]);
    expect((await browser.get(settings())).html).toContain(
      'id="rule-caps" name="enabled" value="caps" checked',
    );
    const off = await browser.post(`${settings()}/automod`, await pageForm("automod"));
    expect(off.status).toBe(303);
    expect(await enabled()).toEqual([]);
    const unknown = await browser.post(`${settings()}/automod`, { _csrf: token, enabled: "everything" });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("an automod rule was not understood.");
  });

  it("changes only what the form changed: a stale page neither restores a role removed since nor drops one added since", async () => {
    const configs = dashboard.app.container.resolve(GuildConfigController);
    for (const roleId of (await config()).moderatorRoleIds)
      await configs.removeModeratorRole(guild.id, roleId);
    await configs.addModeratorRole(guild.id, roles.helpers);
    const stale = await pageForm("moderator-roles"); // shows Helpers as a moderator role
    // Meanwhile another administrator (in Discord, or another tab) removes Helpers and adds Mods.
    await configs.removeModeratorRole(guild.id, roles.helpers);
    await configs.addModeratorRole(guild.id, roles.mods);
    // The stale page adds nothing new and keeps Helpers selected, as it showed.
    const saved = await browser.post(
      `${settings()}/moderator-roles`,
      withValues(stale, "roles", [roles.helpers]),
    );
    expect(saved.status).toBe(303);
    expect((await config()).moderatorRoleIds).toEqual([roles.mods]);

    const automod = dashboard.app.container.resolve(AutomodController);
    const enabled = async () =>
      (await automod.load(guild.id)).rules.filter((rule) => rule.enabled).map((rule) => rule.rule);
    const staleRules = await pageForm("automod");
    expect(await enabled()).toEqual([]);
    const capsOn = withValues(await pageForm("automod"), "enabled", ["caps"]);
    expect((await browser.post(`${settings()}/automod`, capsOn)).status).toBe(303);
    // The page loaded before caps went on turns invites on, and leaves caps as it found it.
    const invitesOn = withValues(staleRules, "enabled", ["invites"]);
    expect((await browser.post(`${settings()}/automod`, invitesOn)).status).toBe(303);
    expect(await enabled()).toEqual(["caps", "invites"]);
  });

  it("removes only saved roles: a forged list of shown roles neither fails half way nor removes anything", async () => {
    const configs = dashboard.app.container.resolve(GuildConfigController);
    for (const roleId of (await config()).moderatorRoleIds)
      await configs.removeModeratorRole(guild.id, roleId);
    await configs.addModeratorRole(guild.id, roles.mods);
    const form = new URLSearchParams({ _csrf: token });
    form.append("roles", roles.helpers);
    for (const forged of ["not-a-role", "99999999999999999999", "-1", roles.high])
      form.append("shown", forged);
    const saved = await browser.post(`${settings()}/moderator-roles`, form);
    expect(saved.status).toBe(303);
    expect(new Set((await config()).moderatorRoleIds)).toEqual(new Set([roles.mods, roles.helpers]));
    for (const roleId of [roles.mods, roles.helpers]) await configs.removeModeratorRole(guild.id, roleId);
  });

  it("shows no saved notice for a ?saved= it does not know, an inherited object key included", async () => {
    for (const saved of ["constructor", "toString", "__proto__", "nonsense"]) {
      const page = await browser.get(`${settings()}?saved=${saved}`);
      expect({ saved, status: page.status }).toEqual({ saved, status: 200 });
      expect({ saved, notice: page.html.includes('role="status"') }).toEqual({ saved, notice: false });
    }
  });

  it("refuses a moderator who is not an Administrator, and links the page only for administrators", async () => {
    const modBrowser = dashboard.browser();
    await modBrowser.signIn(mod);
    const page = await modBrowser.get(settings());
    expect(page.status).toBe(403);
    expect(page.html).toContain("Only the server owner or a member with the Administrator permission");
    const modToken = DashboardClient.csrfToken(page.html);
    const posted = await modBrowser.post(`${settings()}/mod-log`, {
      _csrf: modToken,
      channel: channels.first,
    });
    expect(posted.status).toBe(403);
    expect((await config()).modLogChannelId).toBe(channels.second);
    expect((await modBrowser.get(`/guilds/${guild.id}/cases`)).html).not.toContain(settings());
    expect((await browser.get(`/guilds/${guild.id}/cases`)).html).toContain(
      `<a href="${settings()}">Settings</a>`,
    );
  });
});
