import { PermissionFlagsBits } from "discord.js";
import { AppealController } from "../../src/controllers/appeal-controller";
import { ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient, type PageResponse } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_matrix_w${process.env.JEST_WORKER_ID ?? "0"}`;

type Actor = "signed out" | "member" | "moderator of another guild" | "demoted moderator" | "forged session";
type Forgery = "no CSRF token" | "CSRF token of another session";

/** The member the case is about, and the guild's report: set once the database holds them. */
const TARGET = "300000000000000001";
let reportId = 0;
/** What only the other guild holds: a member, their case number 2 and a report. */
const ELSEWHERE_TARGET = "300000000000000002";
let elsewhereReportId = 0;
/** A case of the guild only the delete route touches. */
let deletableNumber = 0;
/** An open appeal of a ban in the guild, and one in the other guild. */
let appealId = 0;
let elsewhereAppealId = 0;

interface Route {
  method: "GET" | "POST";
  path: (guildId: string, number: number) => string;
}

/** Every route that shows or changes a guild's data. */
const GUILD_ROUTES: Record<string, Route> = {
  "GET guild": { method: "GET", path: (g) => `/guilds/${g}` },
  "GET cases": { method: "GET", path: (g) => `/guilds/${g}/cases` },
  "GET cases search": { method: "GET", path: (g) => `/guilds/${g}/cases?q=secret` },
  "GET case": { method: "GET", path: (g, n) => `/guilds/${g}/cases/${n}` },
  "POST case reason": { method: "POST", path: (g, n) => `/guilds/${g}/cases/${n}/reason` },
  "POST case note": { method: "POST", path: (g, n) => `/guilds/${g}/cases/${n}/note` },
  // Its own case: the moderator's allowed delete must leave the matrix's case as it was.
  "POST case delete": { method: "POST", path: (g) => `/guilds/${g}/cases/${deletableNumber}/delete` },
  "GET member": { method: "GET", path: (g) => `/guilds/${g}/members/${TARGET}` },
  "GET reports": { method: "GET", path: (g) => `/guilds/${g}/reports` },
  "GET reports dismissed": { method: "GET", path: (g) => `/guilds/${g}/reports?status=dismissed` },
  "GET report": { method: "GET", path: (g) => `/guilds/${g}/reports/${reportId}` },
  "POST report acknowledge": { method: "POST", path: (g) => `/guilds/${g}/reports/${reportId}/acknowledge` },
  "POST report dismiss": { method: "POST", path: (g) => `/guilds/${g}/reports/${reportId}/dismiss` },
  "GET appeals": { method: "GET", path: (g) => `/guilds/${g}/appeals` },
  "GET appeals rejected": { method: "GET", path: (g) => `/guilds/${g}/appeals?status=rejected` },
  "GET stats": { method: "GET", path: (g) => `/guilds/${g}/stats` },
  "GET cases export CSV": { method: "GET", path: (g) => `/guilds/${g}/cases/export?format=csv` },
  "GET cases export JSON": { method: "GET", path: (g) => `/guilds/${g}/cases/export?format=json` },
};
/**
 * The forms that decide an appeal or act on a report's member: refused like the rest (their allowed paths
 * are in dashboard-appeals and dashboard-report-actions, with moderators who may ban).
 */
const ACTION_ROUTES: Record<string, Route> = {
  "GET appeal": { method: "GET", path: (g) => `/guilds/${g}/appeals/${appealId}` },
  "POST appeal accept": { method: "POST", path: (g) => `/guilds/${g}/appeals/${appealId}/accept` },
  "POST appeal reject": { method: "POST", path: (g) => `/guilds/${g}/appeals/${appealId}/reject` },
  "POST report warn": { method: "POST", path: (g) => `/guilds/${g}/reports/${reportId}/warn` },
  "POST report timeout": { method: "POST", path: (g) => `/guilds/${g}/reports/${reportId}/timeout` },
  "POST report ban": { method: "POST", path: (g) => `/guilds/${g}/reports/${reportId}/ban` },
};
/** The settings: for the owner and Administrators only, so refused to a plain moderator too. */
const SETTINGS_ROUTES: Record<string, Route> = {
  "GET settings": { method: "GET", path: (g) => `/guilds/${g}/settings` },
  "POST settings mod-log": { method: "POST", path: (g) => `/guilds/${g}/settings/mod-log` },
  "POST settings moderator roles": { method: "POST", path: (g) => `/guilds/${g}/settings/moderator-roles` },
  "POST settings automod": { method: "POST", path: (g) => `/guilds/${g}/settings/automod` },
};
/** Routes about the signed-in person only. */
const ACCOUNT_ROUTES: Record<string, Route> = {
  "GET guilds": { method: "GET", path: () => "/guilds" },
  "POST sign-out": { method: "POST", path: () => "/auth/sign-out" },
  "POST sign-out everywhere": { method: "POST", path: () => "/auth/sign-out-everywhere" },
};
const ACTORS: readonly Actor[] = [
  "signed out",
  "member",
  "moderator of another guild",
  "demoted moderator",
  "forged session",
];
const FORGERIES: readonly Forgery[] = ["no CSRF token", "CSRF token of another session"];
const POSTS = [
  ...Object.entries(GUILD_ROUTES),
  ...Object.entries(ACTION_ROUTES),
  ...Object.entries(SETTINGS_ROUTES),
  ...Object.entries(ACCOUNT_ROUTES),
].filter(([, route]) => route.method === "POST");

const CASES = [
  ...Object.keys(GUILD_ROUTES).flatMap((route) => ACTORS.map((actor) => ({ route, actor: actor as string }))),
  ...Object.keys(ACTION_ROUTES).flatMap((route) =>
    ACTORS.map((actor) => ({ route, actor: actor as string })),
  ),
  ...Object.keys(SETTINGS_ROUTES).flatMap((route) =>
    [...ACTORS, "moderator, not an administrator"].map((actor) => ({ route, actor: actor as string })),
  ),
  ...Object.keys(ACCOUNT_ROUTES).flatMap((route) =>
    (["signed out", "forged session"] as const).map((actor) => ({ route, actor: actor as string })),
  ),
  ...POSTS.flatMap(([route]) => FORGERIES.map((forgery) => ({ route, actor: `moderator, ${forgery}` }))),
];

/**
 * The security list: every route × (signed out, member, moderator of another guild, demoted moderator,
 * forged session), and every form × forged CSRF, is refused — and changes nothing.
 */
describe(`the dashboard refuses every route to everyone who may not use it (${CASES.length} cases)`, () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let dashboard: RunningDashboard;
  let number: number;
  let banNumber: number;
  let modLogChannelId: string;
  let intruderChannelId: string;
  let modsRoleId: string;
  const users: Record<string, SimUser> = {};
  const browsers: Record<string, DashboardClient> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Guarded" });
    const other = sim.createGuild({ name: "Elsewhere" });
    // Manage Server as well: the statistics page asks what /stats asks.
    const mods = guild.createRole({
      name: "Mods",
      permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageGuild,
    }).id;
    const admins = guild.createRole({
      name: "Admins",
      position: 10,
      permissions: PermissionFlagsBits.Administrator,
    }).id;
    modsRoleId = mods;
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    intruderChannelId = guild.createChannel({ name: "intruders-log" }).id;
    const otherMods = other.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    for (const name of ["moderator", "administrator", "spare", "member", "elsewhere", "demoted"]) {
      users[name] = sim.createUser({ username: name });
    }
    guild.addMember(users.moderator!.id, { roles: [mods] });
    guild.addMember(users.spare!.id, { roles: [mods] });
    guild.addMember(users.administrator!.id, { roles: [admins] });
    guild.addMember(users.member!.id);
    guild.addMember(users.elsewhere!.id);
    other.addMember(users.elsewhere!.id, { roles: [otherMods] });
    guild.addMember(users.demoted!.id, { roles: [mods] });
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const container = dashboard.app.container;
    number = (await makeCase(container, { guildId: guild.id, targetId: TARGET, reason: "secret reason" }))
      .number;
    deletableNumber = (
      await makeCase(container, { guildId: guild.id, targetId: TARGET, reason: "deletable" })
    ).number;
    reportId = (
      await container.resolve(ReportController).file({
        guildId: guild.id,
        reporterId: users.member!.id,
        targetId: TARGET,
        reason: "secret report",
        messageLink: null,
        messageExcerpt: null,
      })
    ).id;
    for (const reason of ["elsewhere secret", "elsewhere secret"]) {
      await makeCase(container, { guildId: other.id, targetId: ELSEWHERE_TARGET, reason });
    }
    elsewhereReportId = (
      await container.resolve(ReportController).file({
        guildId: other.id,
        reporterId: users.elsewhere!.id,
        targetId: ELSEWHERE_TARGET,
        reason: "elsewhere secret",
        messageLink: null,
        messageExcerpt: null,
      })
    ).id;
    const appeals = container.resolve(AppealController);
    const ban = await makeCase(container, { guildId: guild.id, type: CaseType.Ban, targetId: TARGET });
    banNumber = ban.number;
    appealId = (
      await appeals.submit({ guildId: guild.id, banCaseId: ban.id, userId: TARGET, text: "appeal" }, 2)
    ).id;
    const elsewhereBan = await makeCase(container, {
      guildId: other.id,
      type: CaseType.Ban,
      targetId: ELSEWHERE_TARGET,
    });
    elsewhereAppealId = (
      await appeals.submit(
        { guildId: other.id, banCaseId: elsewhereBan.id, userId: ELSEWHERE_TARGET, text: "elsewhere secret" },
        elsewhereBan.number,
      )
    ).id;
    for (const name of Object.keys(users)) {
      browsers[name] = dashboard.browser();
      await browsers[name]!.signIn(users[name]!);
      tokens[name] = DashboardClient.csrfToken((await browsers[name]!.get("/guilds")).html);
    }
    // A second session of the moderator's (and the administrator's): its token must not work in the first.
    for (const name of ["moderator", "administrator"]) {
      const second = dashboard.browser();
      await second.signIn(users[name]!);
      tokens[`${name}OtherSession`] = DashboardClient.csrfToken((await second.get("/guilds")).html);
    }
    sim.changeRolesAs({
      guildId: guild.id,
      actorId: guild.ownerId,
      userId: users.demoted!.id,
      remove: [mods],
    });
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  function clientFor(actor: string, route: string): { browser: DashboardClient; token: string } {
    const named: Record<string, string> = {
      member: "member",
      "moderator of another guild": "elsewhere",
      "demoted moderator": "demoted",
    };
    if (named[actor]) return { browser: browsers[named[actor]]!, token: tokens[named[actor]]! };
    const browser = dashboard.browser();
    if (actor === "forged session") browser.cookies.set("warden_session", "A".repeat(43));
    if (actor === "moderator, not an administrator") {
      return { browser: browsers.moderator!, token: tokens.moderator! };
    }
    if (actor.startsWith("moderator, ")) {
      // The settings' forms are the administrator's: a moderator would be refused before the CSRF check.
      const who = route in SETTINGS_ROUTES ? "administrator" : "moderator";
      const forged = actor.endsWith("another session") ? tokens[`${who}OtherSession`]! : "";
      return { browser: browsers[who]!, token: forged };
    }
    return { browser, token: "" };
  }

  function send(
    browser: DashboardClient,
    route: Route,
    token: string,
    by = "an intruder",
  ): Promise<PageResponse> {
    const path = route.path(guild.id, number);
    if (route.method === "GET") return browser.get(path);
    // Valid for every form: a refusal below is the gate's, never the form's.
    const form: Record<string, string> = {
      reason: `reason by ${by}`,
      text: `note by ${by}`,
      ...(by === "an intruder"
        ? { channel: intruderChannelId, roles: "", enabled: "invites" }
        : { channel: modLogChannelId, roles: modsRoleId, enabled: "caps" }),
    };
    return browser.post(path, token ? { ...form, _csrf: token } : form);
  }

  const allRoutes: Record<string, Route> = {
    ...GUILD_ROUTES,
    ...ACTION_ROUTES,
    ...SETTINGS_ROUTES,
    ...ACCOUNT_ROUTES,
  };

  it("lets the moderator through every guild route (so the refusals below mean something)", async () => {
    const { moderator } = browsers;
    for (const [name, route] of Object.entries(GUILD_ROUTES)) {
      const response = await send(moderator!, route, tokens.moderator!, "the moderator");
      expect({ name, ok: response.status < 400 }).toEqual({ name, ok: true });
    }
  });

  it("lets the administrator through every settings route", async () => {
    for (const [name, route] of Object.entries(SETTINGS_ROUTES)) {
      const response = await send(browsers.administrator!, route, tokens.administrator!, "the administrator");
      expect({ name, ok: response.status < 400 }).toEqual({ name, ok: true });
    }
  });

  it.each(CASES)("refuses $route to $actor", async ({ route, actor }) => {
    const { browser, token } = clientFor(actor, route);
    const response = await send(browser, allRoutes[route]!, token);
    expect(response.status).toBe(["signed out", "forged session"].includes(actor) ? 401 : 403);
    expect(response.html).not.toContain("the moderator");
    expect(response.html).not.toContain("intruder");
    if (route in SETTINGS_ROUTES) expect(response.html).not.toContain("mod-log");
  });

  it("shows the moderator nothing of another guild's case, report or member under this guild's URL", async () => {
    const moderator = browsers.moderator!;
    for (const path of [
      `/guilds/${guild.id}/cases/2`,
      `/guilds/${guild.id}/reports/${elsewhereReportId}`,
      `/guilds/${guild.id}/members/${ELSEWHERE_TARGET}`,
      `/guilds/${guild.id}/cases?member=${ELSEWHERE_TARGET}&state=all`,
      `/guilds/${guild.id}/reports?status=open`,
      `/guilds/${guild.id}/appeals/${elsewhereAppealId}`,
      `/guilds/${guild.id}/appeals?status=open`,
    ]) {
      const response = await moderator.get(path);
      expect({ path, leaked: response.html.includes("elsewhere secret") }).toEqual({ path, leaked: false });
    }
    const member = await moderator.get(`/guilds/${guild.id}/members/${ELSEWHERE_TARGET}`);
    expect(member.html).toContain("Warden has no record of member");
  });

  it("shows the guild in no one else's guild list", async () => {
    for (const name of ["member", "elsewhere", "demoted"]) {
      expect((await browsers[name]!.get("/guilds")).html).not.toContain("Guarded");
    }
  });

  it("left the case as the moderator left it, and every session signed in", async () => {
    const { rows } = await dashboard.app.database.sql<{ reason: string; voided: boolean }>(
      "SELECT reason, voided FROM cases WHERE guild_id = $1 AND number <> $2 ORDER BY number",
      [guild.id, banNumber],
    );
    expect(rows).toEqual([
      { reason: "reason by the moderator", voided: false },
      { reason: "deletable", voided: true },
    ]);
    const editors = await dashboard.app.database.sql<{ editor_id: string }>(
      "SELECT DISTINCT editor_id::text FROM case_edits",
    );
    expect(editors.rows).toEqual([{ editor_id: users.moderator!.id }]);
    const reportEvents = await dashboard.app.database.sql<{ actor_id: string; status: string }>(
      "SELECT actor_id::text, status FROM report_events WHERE report_id = $1 ORDER BY id",
      [reportId],
    );
    expect(reportEvents.rows).toEqual([
      { actor_id: users.member!.id, status: "open" },
      { actor_id: users.moderator!.id, status: "acknowledged" },
      { actor_id: users.moderator!.id, status: "dismissed" },
    ]);
    const settings = await dashboard.app.database.sql<{ mod_log: string; roles: string[] }>(
      "SELECT mod_log_channel_id::text AS mod_log, moderator_role_ids::text[] AS roles FROM guild_configs WHERE guild_id = $1",
      [guild.id],
    );
    expect(settings.rows).toEqual([{ mod_log: modLogChannelId, roles: [modsRoleId] }]);
    const rules = await dashboard.app.database.sql("SELECT rule FROM automod_rules WHERE enabled");
    expect(rules.rows).toEqual([{ rule: "caps" }]);
    const appeals = await dashboard.app.database.sql("SELECT status FROM appeals ORDER BY id");
    expect(appeals.rows).toEqual([{ status: "open" }, { status: "open" }]);
    const revoked = await dashboard.app.database.sql(
      "SELECT 1 FROM dashboard_sessions WHERE revoked_at IS NOT NULL",
    );
    expect(revoked.rows).toEqual([]);
  });
});
