import { createHash } from "node:crypto";
import { PermissionFlagsBits } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { startBot } from "../support/bot-harness";
import { dashboardEnv } from "../support/dashboard-app";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_sign_in_w${process.env.JEST_WORKER_ID ?? "0"}`;

interface SessionRow {
  id_hash: string;
  user_id: string;
  guild_ids: string[];
  revoked_at: Date | null;
}

/** Signing in to the dashboard with Discord (through the simulator), sessions, signing out. */
describe("dashboard sign-in and sessions", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let alice: SimUser;
  let bob: SimUser;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Sign-in Guild" });
    alice = sim.createUser({ username: "alice" });
    bob = sim.createUser({ username: "bob" });
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    guild.addMember(alice.id, { roles: [mods.id] });
    guild.addMember(bob.id);
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

  const sessions = async (userId: string): Promise<SessionRow[]> =>
    (
      await dashboard.app.database.sql<SessionRow>(
        "SELECT id_hash, user_id::text, guild_ids::text[] AS guild_ids, revoked_at FROM dashboard_sessions WHERE user_id = $1 ORDER BY created_at",
        [userId],
      )
    ).rows;

  it("signs in with Discord: a session cookie holding only a random id, stored hashed", async () => {
    const browser = dashboard.browser();
    const start = await browser.get("/auth/sign-in");
    expect(start.status).toBe(302);
    const authorize = new URL(start.location ?? "");
    expect(authorize.origin + authorize.pathname).toBe(sim.authorizeUrl);
    expect(authorize.searchParams.get("scope")).toBe("identify guilds");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${dashboard.base}/auth/callback`);
    expect(authorize.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const done = await browser.signIn(alice);
    expect(done.status).toBe(303);
    expect(done.location).toBe("/guilds");
    const cookie = done.setCookies.find((line) => line.startsWith("warden_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // served over http here
    const sessionId = browser.cookies.get("warden_session") ?? "";
    const rows = await sessions(alice.id);
    expect(rows.at(-1)).toMatchObject({
      id_hash: createHash("sha256").update(sessionId).digest("hex"),
      guild_ids: [guild.id],
      revoked_at: null,
    });
    const stored = await dashboard.app.database.sql("SELECT 1 FROM dashboard_sessions WHERE id_hash = $1", [
      sessionId,
    ]);
    expect(stored.rows).toHaveLength(0);
    expect((await browser.get("/guilds")).status).toBe(200);
  });

  it("refuses a callback whose state is not the one this browser started with, or comes twice", async () => {
    const attacker = dashboard.browser();
    const start = await attacker.get("/auth/sign-in");
    const state = new URL(start.location ?? "").searchParams.get("state") ?? "";
    const victim = dashboard.browser();
    const forged = await victim.get(`/auth/callback?code=whatever&state=${state}`);
    expect(forged.status).toBe(400);
    expect(forged.html).toContain("the sign-in had expired or was started elsewhere");
    expect(victim.cookies.has("warden_session")).toBe(false);

    const browser = dashboard.browser();
    await browser.signIn(bob);
    const replay = await browser.get(`/auth/callback?code=whatever&state=${state}`);
    expect(replay.status).toBe(400);
  });

  it("says so when Discord's answer is refused (a code that was already used)", async () => {
    const browser = dashboard.browser();
    const start = await browser.get("/auth/sign-in");
    const state = new URL(start.location ?? "").searchParams.get("state") ?? "";
    const response = await browser.get(`/auth/callback?code=not-a-code&state=${state}`);
    expect(response.status).toBe(502);
    expect(response.html).toContain("Discord did not answer as expected");
    expect(sim.oauth2.redemptions.at(-1)).toEqual({ code: "not-a-code", ok: false });
  });

  it("signs out with the page's CSRF token, and only with it", async () => {
    const browser = dashboard.browser();
    await browser.signIn(alice);
    const page = await browser.get("/guilds");
    const withoutToken = await browser.post("/auth/sign-out", {});
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.html).toContain("This form had expired or did not come from this page.");
    const forgedToken = await browser.post("/auth/sign-out", { _csrf: "forged-token" });
    expect(forgedToken.status).toBe(403);
    expect((await browser.get("/guilds")).status).toBe(200);

    const out = await browser.post("/auth/sign-out", { _csrf: DashboardClient.csrfToken(page.html) });
    expect(out.status).toBe(303);
    expect(browser.cookies.has("warden_session")).toBe(false);
    expect((await sessions(alice.id)).at(-1)?.revoked_at).not.toBeNull();
  });

  it("refuses a signed-out session's cookie and a token made for another session", async () => {
    const first = dashboard.browser();
    await first.signIn(alice);
    const firstPage = await first.get("/guilds");
    const second = dashboard.browser();
    await second.signIn(alice);
    const crossed = await second.post("/auth/sign-out", { _csrf: DashboardClient.csrfToken(firstPage.html) });
    expect(crossed.status).toBe(403);

    const stolen = first.cookies.get("warden_session") ?? "";
    await first.post("/auth/sign-out", { _csrf: DashboardClient.csrfToken(firstPage.html) });
    const replayed = dashboard.browser();
    replayed.cookies.set("warden_session", stolen);
    expect((await replayed.get("/guilds")).status).toBe(401);
  });

  it("signs out everywhere: every session of that person, no one else's", async () => {
    const laptop = dashboard.browser();
    const phone = dashboard.browser();
    const other = dashboard.browser();
    await laptop.signIn(alice);
    await phone.signIn(alice);
    await other.signIn(bob);
    const page = await phone.get("/guilds");
    const out = await phone.post("/auth/sign-out-everywhere", {
      _csrf: DashboardClient.csrfToken(page.html),
    });
    expect(out.status).toBe(303);
    expect((await laptop.get("/guilds")).status).toBe(401);
    expect((await phone.get("/guilds")).status).toBe(401);
    expect((await other.get("/guilds")).status).toBe(200);
    expect((await sessions(alice.id)).every((row) => row.revoked_at !== null)).toBe(true);
  });

  it("marks its cookies Secure when the dashboard is served over https", async () => {
    const { app } = await startBot({
      sim,
      databaseUrl: dashboard.app.database.connectionUrl,
      cogs: [],
      env: { ...dashboardEnv(sim, 0, "https://warden.example.org") },
    });
    try {
      const browser = new DashboardClient(`http://127.0.0.1:${app.dashboard.port}`, sim);
      const start = await browser.get("/auth/sign-in");
      expect(start.setCookies.find((line) => line.startsWith("warden_oauth_state="))).toMatch(/Secure/);
      expect(new URL(start.location ?? "").searchParams.get("redirect_uri")).toBe(
        "https://warden.example.org/auth/callback",
      );
    } finally {
      await app.stop();
    }
  });

  it("limits sign-in attempts per address", async () => {
    const browser = dashboard.browser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 25; attempt += 1)
      statuses.push((await browser.get("/auth/sign-in")).status);
    expect(statuses).toContain(429);
    const limited = await browser.get("/auth/sign-in");
    expect(limited.html).toContain("Too many requests");
  });
});
