import { PermissionFlagsBits } from "discord.js";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_access_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** Who may open a guild's pages: a moderator of it now, checked against Discord on every request. */
describe("dashboard authorization", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let modsRoleId: string;
  let helpersRoleId: string;
  const people: Record<string, SimUser> = {};
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Alpha" });
    other = sim.createGuild({ name: "Beta" });
    modsRoleId = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    helpersRoleId = guild.createRole({ name: "Helpers" }).id;
    const adminRoleId = guild.createRole({
      name: "Admins",
      permissions: PermissionFlagsBits.Administrator,
    }).id;
    const otherMods = other.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    for (const name of ["moderator", "helper", "admin", "member", "elsewhere", "leaver"]) {
      people[name] = sim.createUser({ username: name });
    }
    guild.addMember(people.moderator!.id, { roles: [modsRoleId] });
    guild.addMember(people.helper!.id, { roles: [helpersRoleId] });
    guild.addMember(people.admin!.id, { roles: [adminRoleId] });
    guild.addMember(people.member!.id);
    guild.addMember(people.elsewhere!.id);
    guild.addMember(people.leaver!.id, { roles: [modsRoleId] });
    other.addMember(people.elsewhere!.id, { roles: [otherMods] });
    other.addMember(people.moderator!.id);
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    await dashboard.app.container.resolve(GuildConfigController).addModeratorRole(guild.id, helpersRoleId);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  async function signedIn(name: string): Promise<DashboardClient> {
    const browser = dashboard.browser();
    expect((await browser.signIn(people[name]!)).status).toBe(303);
    return browser;
  }

  const guildNames = (html: string): string[] =>
    [...html.matchAll(/<li><a href="[^"]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]!);

  it.each([
    ["moderator", "Moderate Members"],
    ["helper", "a moderator role"],
    ["admin", "Administrator"],
  ])("lets a %s (%s) in, and lists the guild", async (name) => {
    const browser = await signedIn(name);
    expect(guildNames((await browser.get("/guilds")).html)).toEqual(["Alpha"]);
    const page = await browser.get(`/guilds/${guild.id}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/guilds/${guild.id}/cases`);
  });

  it("lets the owner in", async () => {
    const owner = sim.user(guild.ownerId);
    const browser = dashboard.browser();
    await browser.signIn(owner);
    expect((await browser.get(`/guilds/${guild.id}`)).status).toBe(303);
  });

  it.each([
    ["member", "a member without permissions"],
    ["elsewhere", "a moderator of another guild"],
  ])("refuses a %s (%s), and lists nothing", async (name) => {
    const browser = await signedIn(name);
    const listed = guildNames((await browser.get("/guilds")).html);
    expect(listed).not.toContain("Alpha");
    const page = await browser.get(`/guilds/${guild.id}`);
    expect(page.status).toBe(403);
    expect(page.html).toContain("You are not a moderator of this server now.");
  });

  it("refuses a guild id that is not one, a guild the bot is not in, and a signed-out browser", async () => {
    const browser = await signedIn("moderator");
    expect((await browser.get("/guilds/not-a-guild")).status).toBe(403);
    expect((await browser.get("/guilds/123456789012345678")).status).toBe(403);
    const stranger = dashboard.browser();
    expect((await stranger.get(`/guilds/${guild.id}`)).status).toBe(401);
    expect((await stranger.get("/guilds")).status).toBe(401);
  });

  it("refuses a moderator demoted mid-session at the next request, and lets them back when promoted", async () => {
    const browser = await signedIn("moderator");
    expect((await browser.get(`/guilds/${guild.id}`)).status).toBe(303);
    sim.changeRolesAs({
      guildId: guild.id,
      actorId: guild.ownerId,
      userId: people.moderator!.id,
      remove: [modsRoleId],
    });
    expect((await browser.get(`/guilds/${guild.id}`)).status).toBe(403);
    expect(guildNames((await browser.get("/guilds")).html)).toEqual([]);
    sim.changeRolesAs({
      guildId: guild.id,
      actorId: guild.ownerId,
      userId: people.moderator!.id,
      add: [modsRoleId],
    });
    expect((await browser.get(`/guilds/${guild.id}`)).status).toBe(303);
  });

  it("refuses a helper once their role is no longer a moderator role, and a moderator who left", async () => {
    const helper = await signedIn("helper");
    const leaver = await signedIn("leaver");
    await dashboard.app.container.resolve(GuildConfigController).removeModeratorRole(guild.id, helpersRoleId);
    expect((await helper.get(`/guilds/${guild.id}`)).status).toBe(403);
    guild.removeMember(people.leaver!.id);
    expect((await leaver.get(`/guilds/${guild.id}`)).status).toBe(403);
  });
});
