import { PermissionFlagsBits } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DISCORD_CHECKS_LIMIT } from "../../src/dashboard/security-plugins";
import type { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_abuse_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** What a hostile signed-in Discord user can make the dashboard do. */
describe("dashboard abuse", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let stranger: SimUser;
  let moderator: SimUser;
  let modsRoleId: string;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Alpha" });
    modsRoleId = guild.createRole({
      name: "Mods",
      permissions: PermissionFlagsBits.ModerateMembers,
    }).id;
    stranger = sim.createUser({ username: "stranger" });
    moderator = sim.createUser({ username: "moderator" });
    guild.addMember(moderator.id, { roles: [modsRoleId] });
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  async function signedIn(user: SimUser): Promise<DashboardClient> {
    const browser = dashboard.browser();
    expect((await browser.signIn(user)).status).toBe(303);
    return browser;
  }

  it("never spends the bot's Discord requests on a guild the viewer was not in at sign-in", async () => {
    // Any Discord user can sign in; each guild page asking Discord about an arbitrary id would let them burn
    // the bot's rate limits and invalid-request budget (403s from guilds it is not in) at will.
    const browser = await signedIn(stranger);
    const probed = ["123456789012345678", guild.id];
    const asked = () =>
      sim.requests.all().filter((request) => probed.some((id) => request.path.startsWith(`/guilds/${id}`)))
        .length;
    const before = asked();
    for (const id of probed) {
      for (let i = 0; i < 5; i += 1) expect((await browser.get(`/guilds/${id}/cases`)).status).toBe(403);
    }
    expect(asked()).toBe(before);
    // The moderator, who was in the guild at sign-in, is still let in.
    const mod = await signedIn(moderator);
    expect((await mod.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
  });

  it("asks Discord about one person at most DISCORD_CHECKS_LIMIT times a minute, then answers 429", async () => {
    // A moderator's reloads each cost the bot a member fetch, from the REST budget its moderation work needs.
    const [reloader, other] = ["reloader", "other-mod"].map((username) => {
      const user = sim.createUser({ username });
      guild.addMember(user.id, { roles: [modsRoleId] });
      return user;
    }) as [SimUser, SimUser];
    const [browser, secondTab] = [await signedIn(reloader), await signedIn(reloader)];
    const fetchesOf = (user: SimUser) =>
      sim.requests.all().filter((request) => request.path === `/guilds/${guild.id}/members/${user.id}`)
        .length;
    const statuses: number[] = [];
    for (let index = 0; index < DISCORD_CHECKS_LIMIT.max; index += 1) {
      const tab = index % 2 === 0 ? browser : secondTab;
      statuses.push((await tab.get(`/guilds/${guild.id}/cases`)).status);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const refused = await secondTab.get(`/guilds/${guild.id}/cases`);
    expect(refused.status).toBe(429);
    expect(refused.html).toContain("Too many requests");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fetchesOf(reloader)).toBe(DISCORD_CHECKS_LIMIT.max);
    // Everyone else's budget is their own.
    expect((await (await signedIn(other)).get(`/guilds/${guild.id}/cases`)).status).toBe(200);
  });

  it.each([
    ["a malformed escape", "/%zz"],
    ["an overlong path segment", `/guilds/${"1".repeat(120)}/cases`],
  ])("answers %s with a short page under the same security headers", async (_what, path) => {
    const response = await fetch(`${dashboard.base}${path}`, { headers: { "accept-language": "en" } });
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).not.toContain(path);
  });
});

/**
 * Behind the reverse proxy README asks for, every request comes from the proxy's address: without
 * DASHBOARD_TRUST_PROXY one person's 20 sign-in clicks a minute locked everyone out of signing in.
 */
describe("dashboard rate limits behind a reverse proxy", () => {
  let sim: DiscordSimulator;
  let dashboard: RunningDashboard;
  const DB = `warden_e2e_dashboard_proxy_w${process.env.JEST_WORKER_ID ?? "0"}`;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DB, { migrated: true }),
      env: { DASHBOARD_TRUST_PROXY: "1" },
    });
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DB);
  });

  const signIn = async (forwardedFor: string): Promise<number> =>
    (
      await fetch(`${dashboard.base}/auth/sign-in`, {
        redirect: "manual",
        headers: { "x-forwarded-for": forwardedFor },
      })
    ).status;

  it("limits each client the proxy names, and ignores what a client wrote before the proxy's entry", async () => {
    // The attacker varies a forged X-Forwarded-For; the proxy appends the address it really saw.
    for (let i = 0; i < 20; i += 1) expect(await signIn(`198.51.100.${i}, 203.0.113.7`)).toBe(302);
    expect(await signIn("198.51.100.200, 203.0.113.7")).toBe(429);
    expect(await signIn("203.0.113.8")).toBe(302);
  });
});
