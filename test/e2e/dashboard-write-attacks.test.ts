import { PermissionFlagsBits } from "discord.js";
import { AppealsCog } from "../../src/cogs/appeals/appeals-cog";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { ReportsCog } from "../../src/cogs/reports/reports-cog";
import { AppealController } from "../../src/controllers/appeal-controller";
import { CaseController } from "../../src/controllers/case-controller";
import { ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { customIdOf } from "../support/components";
import { DashboardClient, type PageResponse } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_write_attacks_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(90_000);

/** A short page: no stack trace, no SQL, no driver error. */
function expectShortPage(page: PageResponse): void {
  expect(page.html).not.toMatch(/\n\s+at |ECONNRE|postgres|QueryFailed|TypeError|DiscordAPIError/i);
}

/**
 * The dashboard's write routes (appeal Accept / Reject, report Warn / Timeout / Ban / Acknowledge / Dismiss)
 * attacked as a hostile member, a demoted or conflicted moderator, and through a failing network.
 */
describe("dashboard write routes under attack", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let queue: SimChannel;
  let appealsChannelId: string;
  let banners: { id: string };
  let banMod: SimUser;
  let timeoutMod: SimUser;
  let proxy: TcpProxy;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let timeoutBrowser: DashboardClient;
  let appeals: AppealController;
  let cases: CaseController;
  let reports: ReportController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Attacked" });
    other = sim.createGuild({ name: "Elsewhere" });
    banners = guild.createRole({
      name: "Banners",
      position: 5,
      permissions: PermissionFlagsBits.BanMembers | PermissionFlagsBits.ModerateMembers,
    });
    banMod = sim.createUser({ username: "banmod" });
    guild.addMember(banMod.id, { roles: [banners.id] });
    timeoutMod = moderatorIn(sim, guild, "timeoutmod");
    appealsChannelId = guild.createChannel({ name: "appeals" }).id;
    queue = guild.createChannel({ name: "reports" });
    const direct = await createDatabase(DATABASE, { migrated: true });
    const proxied = await TcpProxy.forUrl(direct);
    proxy = proxied.proxy;
    dashboard = await startDashboard({
      sim,
      databaseUrl: proxied.url,
      cogs: [ModerationCog, CasesCog, AppealsCog, ReportsCog],
      env: { DISCORD_REST_TIMEOUT_MS: "1000" },
    });
    appeals = dashboard.app.container.resolve(AppealController);
    cases = dashboard.app.container.resolve(CaseController);
    reports = dashboard.app.container.resolve(ReportController);
    for (const [name, channel] of [
      ["appeals", appealsChannelId],
      ["reports", queue.id],
    ] as const) {
      const set = await sim
        .command({
          guildId: guild.id,
          userId: guild.ownerId,
          name,
          subcommand: "channel",
          options: { channel },
        })
        .answer();
      expect(set.content).toBeTruthy();
    }
    browser = dashboard.browser();
    await browser.signIn(banMod);
    timeoutBrowser = dashboard.browser();
    await timeoutBrowser.signIn(timeoutMod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await proxy?.close();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const noIncident = () =>
    expect(
      dashboard.logs.lines.filter((line) => line.incidentId !== undefined).map((line) => line.msg),
    ).toEqual([]);

  /** A member banned with /ban who appealed from the ban DM. */
  async function appealed(text: string) {
    const user = sim.createUser({ username: `appellant${Math.floor(Math.random() * 1e6)}` });
    guild.addMember(user.id);
    const banned = await sim
      .command({
        guildId: guild.id,
        userId: banMod.id,
        name: "ban",
        options: { user: user.id, reason: "spam" },
      })
      .answer();
    expect(banned.content).toMatch(/^Banned/);
    const opened = await sim
      .dmButton({ userId: user.id, customId: customIdOf(sim.dmsTo(user.id).at(-1), "appeal") })
      .answer();
    await sim
      .dmModalSubmit({ userId: user.id, customId: opened.modal?.custom_id ?? "", fields: { reason: text } })
      .answer();
    const id = (await appeals.ofUser(user.id, 1))[0]?.id;
    if (id === undefined) throw new Error("no appeal stored");
    return { user, id };
  }

  /** A report filed with /report about a new member (or `target`): its id and the target. */
  async function fileReport(reason: string, target?: SimUser) {
    const reporter = sim.createUser({ username: `reporter${Math.floor(Math.random() * 1e6)}` });
    guild.addMember(reporter.id);
    const about = target ?? sim.createUser({ username: `target${Math.floor(Math.random() * 1e6)}` });
    if (!guild.members.has(about.id)) guild.addMember(about.id);
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: reporter.id,
        name: "report",
        options: { user: about.id, reason },
      })
      .answer();
    const id = /report #(\d+)/.exec(reply.content ?? "")?.[1];
    if (!id) throw new Error(`no report filed: ${reply.content}`);
    return { id: Number(id), target: about };
  }

  const appealPath = (id: number) => `/guilds/${guild.id}/appeals/${id}`;
  const reportPath = (id: number) => `/guilds/${guild.id}/reports/${id}`;
  const tokenOf = async (client: DashboardClient, path: string) =>
    DashboardClient.csrfToken((await client.get(path)).html);
  const casesOf = async (targetId: string, guildId = guild.id) =>
    (await cases.list(guildId, { targetId, includeVoided: true }, { limit: 20 })).items;
  const unbansOf = async (userId: string) =>
    (await casesOf(userId)).filter((kase) => kase.type === CaseType.Unban);

  describe("ids and form fields", () => {
    it("refuses another guild's report id on Warn / Timeout / Ban, with no case for that member", async () => {
      const own = await fileReport("own");
      const token = await tokenOf(browser, reportPath(own.id));
      const foreignTarget = "300000000000000031";
      const foreign = await reports.file({
        guildId: other.id,
        reporterId: "300000000000000030",
        targetId: foreignTarget,
        reason: "secret of B",
        messageLink: null,
        messageExcerpt: null,
      });
      for (const action of ["warn", "timeout", "ban"]) {
        const answer = await browser.post(`/guilds/${guild.id}/reports/${foreign.id}/${action}`, {
          _csrf: token,
          duration: "1h",
        });
        expect(answer.status).toBe(400);
        expect(answer.html).not.toContain("secret of B");
        expectShortPage(answer);
      }
      expect((await reports.ofGuild(other.id, foreign.id)).status).toBe("open");
      expect(await casesOf(foreignTarget)).toHaveLength(0);
      expect(await casesOf(foreignTarget, other.id)).toHaveLength(0);
      expect(guild.bans.has(foreignTarget)).toBe(false);
    });

    it("refuses another guild's appeal id on Reject, leaving it open", async () => {
      const { id } = await appealed("mine");
      const token = await tokenOf(browser, appealPath(id));
      const foreignBan = await makeCase(dashboard.app.container, {
        guildId: other.id,
        type: CaseType.Ban,
        targetId: "300000000000000032",
      });
      const foreign = await appeals.submit(
        { guildId: other.id, banCaseId: foreignBan.id, userId: "300000000000000032", text: "secret of B" },
        foreignBan.number,
      );
      const crossed = await browser.post(`/guilds/${guild.id}/appeals/${foreign.id}/reject`, {
        _csrf: token,
        reason: "no",
      });
      expect(crossed.status).toBe(400);
      expect(crossed.html).not.toContain("secret of B");
      expect((await appeals.inGuild(other.id, foreign.id)).status).toBe("open");
    });

    it("answers a short 400 for non-numeric, negative, zero, huge and padded ids, never an incident", async () => {
      const { id } = await appealed("ids");
      const token = await tokenOf(browser, appealPath(id));
      const bad = ["abc", "-1", "0", "1e3", "9999999999", "99999999999999999999999", "1.5", "%20%31", "0x1"];
      for (const raw of bad) {
        for (const path of [
          `/guilds/${guild.id}/appeals/${raw}/accept`,
          `/guilds/${guild.id}/appeals/${raw}/reject`,
          `/guilds/${guild.id}/reports/${raw}/ban`,
          `/guilds/${guild.id}/reports/${raw}/dismiss`,
        ]) {
          const answer = await browser.post(path, { _csrf: token, reason: "x", duration: "1h" });
          expect([400, 404]).toContain(answer.status);
          expectShortPage(answer);
        }
      }
      // A huge guild id, or one the session does not hold: the gate's 403.
      for (const guildId of ["1".repeat(40), "-5", other.id]) {
        const answer = await browser.post(`/guilds/${guildId}/appeals/${id}/accept`, { _csrf: token });
        expect(answer.status).toBe(403);
      }
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
      noIncident();
    });

    it("refuses duplicated fields: two reasons, two durations, two CSRF tokens", async () => {
      const { id } = await appealed("dupes");
      const token = await tokenOf(browser, appealPath(id));
      const twoReasons = new URLSearchParams([
        ["_csrf", token],
        ["reason", "first"],
        ["reason", "second"],
      ]);
      const rejected = await browser.post(`${appealPath(id)}/reject`, twoReasons);
      expect(rejected.status).toBe(400);
      const twoTokens = new URLSearchParams([
        ["_csrf", token],
        ["_csrf", token],
      ]);
      const accepted = await browser.post(`${appealPath(id)}/accept`, twoTokens);
      expect(accepted.status).toBe(403);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");

      const report = await fileReport("dupes");
      const rtoken = await tokenOf(browser, reportPath(report.id));
      const twoDurations = new URLSearchParams([
        ["_csrf", rtoken],
        ["duration", "10m"],
        ["duration", "7d"],
      ]);
      expect((await browser.post(`${reportPath(report.id)}/timeout`, twoDurations)).status).toBe(400);
      // A duration that is no offered choice, though /timeout would take it, and an over-long reason.
      for (const duration of ["28d", "29d", "0m", "-1h", "1h ", "", "1H", "10m,7d"]) {
        const answer = await browser.post(`${reportPath(report.id)}/timeout`, { _csrf: rtoken, duration });
        expect(answer.status).toBe(400);
      }
      const long = await browser.post(`${reportPath(report.id)}/warn`, {
        _csrf: rtoken,
        reason: "y".repeat(2001),
      });
      expect(long.status).toBe(400);
      expect(await casesOf(report.target.id)).toHaveLength(0);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
      noIncident();
    });

    // The post's Warn form requires a reason (REASON_FIELD is not optional); the page's may be left blank, and
    // `text()` in report-actions turns the missing reason into "" instead of none: the case has an empty
    // reason and the member's DM ends in "Reason: " with nothing after it, not "No reason given".
    it("records a Warn sent with a blank reason as one without a reason, not an empty one", async () => {
      const report = await fileReport("blank reason");
      const done = await browser.post(`${reportPath(report.id)}/warn`, {
        _csrf: await tokenOf(browser, reportPath(report.id)),
        reason: "   ",
      });
      expect(done.status).toBe(303);
      const [warn] = await casesOf(report.target.id);
      expect(warn?.type).toBe(CaseType.Warn);
      expect(warn?.reason).toBeNull();
      expect(sim.dmsTo(report.target.id).at(-1)?.content).not.toMatch(/Reason: $/);
    });

    it("stores a rejection reason with NUL and control characters without an incident, escaped on the page", async () => {
      const { id } = await appealed("control");
      const done = await browser.post(`${appealPath(id)}/reject`, {
        _csrf: await tokenOf(browser, appealPath(id)),
        reason: "a\u0000b\u0007c <img src=x onerror=alert(1)>",
      });
      expect(done.status).toBe(303);
      expect((await appeals.inGuild(guild.id, id)).decisionReason).toBe(
        "ab\u0007c <img src=x onerror=alert(1)>",
      );
      const page = await browser.get(appealPath(id));
      expect(page.html).not.toContain("<img src=x");
      expect(page.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      noIncident();
    });

    it("escapes a report's reason in the page and in the prefilled action reason (no textarea break-out)", async () => {
      const report = await fileReport('</textarea><script>alert(1)</script>"><b>x</b>');
      const page = await browser.get(reportPath(report.id));
      expect(page.status).toBe(200);
      expect(page.html).not.toContain("<script>alert(1)</script>");
      expect(page.html).not.toContain("</textarea><script>");
      expect(page.html).not.toContain("<b>x</b>");
      expect(page.html).toContain("&lt;/textarea&gt;&lt;script&gt;");
    });
  });

  describe("who may press", () => {
    it("refuses Ban and Accept to a Timeout-Members moderator, even with a valid token", async () => {
      const report = await fileReport("raid");
      const token = await tokenOf(timeoutBrowser, reportPath(report.id));
      const ban = await timeoutBrowser.post(`${reportPath(report.id)}/ban`, { _csrf: token });
      expect(ban.status).toBe(403);
      const { user, id } = await appealed("let me in");
      const accept = await timeoutBrowser.post(`${appealPath(id)}/accept`, { _csrf: token });
      expect(accept.status).toBe(403);
      expect(guild.bans.has(report.target.id)).toBe(false);
      expect(guild.bans.has(user.id)).toBe(true);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    });

    it("refuses a moderator demoted between loading the page and posting its form", async () => {
      const demoted = sim.createUser({ username: "demoted" });
      guild.addMember(demoted.id, { roles: [banners.id] });
      const client = dashboard.browser();
      await client.signIn(demoted);
      const { user, id } = await appealed("demotion");
      const token = await tokenOf(client, appealPath(id));
      const report = await fileReport("demotion");
      guild.updateMember(demoted.id, (member) => {
        member.roles = [];
      });
      expect((await client.post(`${appealPath(id)}/accept`, { _csrf: token })).status).toBe(403);
      expect((await client.post(`${reportPath(report.id)}/ban`, { _csrf: token })).status).toBe(403);
      expect((await client.post(`${reportPath(report.id)}/dismiss`, { _csrf: token })).status).toBe(403);
      expect(guild.bans.has(user.id)).toBe(true);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
    });

    // Discord removes every permission but View Channel and Read Message History from a timed-out member
    // (Administrators and the owner cannot be timed out): a timed-out moderator cannot use /ban or /unban,
    // nor the appeal or report buttons. The dashboard must not be a way around the timeout.
    it("refuses a moderator who is timed out on Discord", async () => {
      const muted = sim.createUser({ username: "mutedmod" });
      guild.addMember(muted.id, { roles: [banners.id] });
      const client = dashboard.browser();
      await client.signIn(muted);
      const { user, id } = await appealed("while you are muted");
      const report = await fileReport("while you are muted");
      const token = await tokenOf(client, appealPath(id));
      guild.updateMember(muted.id, (member) => {
        member.communicationDisabledUntil = new Date(Date.now() + 3_600_000).toISOString();
      });
      const accept = await client.post(`${appealPath(id)}/accept`, { _csrf: token });
      const ban = await client.post(`${reportPath(report.id)}/ban`, { _csrf: token });
      expect([accept.status, ban.status]).toEqual([403, 403]);
      expect(guild.bans.has(user.id)).toBe(true);
      expect(guild.bans.has(report.target.id)).toBe(false);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
    });

    it("refuses a moderator acting on a report about themselves (Warn / Ban refused by the hierarchy)", async () => {
      // /report refuses a report about a moderator; one filed before they were one is in the table.
      const report = await reports.file({
        guildId: guild.id,
        reporterId: "300000000000000041",
        targetId: banMod.id,
        reason: "self",
        messageLink: null,
        messageExcerpt: null,
      });
      const token = await tokenOf(browser, reportPath(report.id));
      for (const action of ["warn", "ban"]) {
        const answer = await browser.post(`${reportPath(report.id)}/${action}`, { _csrf: token });
        expect(answer.status).toBe(400);
        expectShortPage(answer);
      }
      expect(await casesOf(banMod.id)).toHaveLength(0);
      expect(guild.bans.has(banMod.id)).toBe(false);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
    });

    // /report refuses a report about a moderator ("reports.protected": they go to the owner, not to fellow
    // moderators). A report filed before its target became a moderator must not be closable by that target.
    it("refuses a moderator dismissing or acknowledging a report about themselves", async () => {
      const subject = sim.createUser({ username: "laterpromoted" });
      const report = await fileReport("harassing people", subject);
      guild.updateMember(subject.id, (member) => {
        member.roles = [banners.id];
      });
      const client = dashboard.browser();
      await client.signIn(subject);
      const token = await tokenOf(client, reportPath(report.id));
      const acknowledged = await client.post(`${reportPath(report.id)}/acknowledge`, { _csrf: token });
      const dismissed = await client.post(`${reportPath(report.id)}/dismiss`, {
        _csrf: token,
        reason: "nothing to see here",
      });
      expect(acknowledged.status).toBeGreaterThanOrEqual(400);
      expect(dismissed.status).toBeGreaterThanOrEqual(400);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
    });

    it("refuses Ban / Warn / Timeout of the guild owner from a report", async () => {
      const report = await reports.file({
        guildId: guild.id,
        reporterId: "300000000000000040",
        targetId: guild.ownerId,
        reason: "the owner",
        messageLink: null,
        messageExcerpt: null,
      });
      const token = await tokenOf(browser, reportPath(report.id));
      for (const action of ["warn", "timeout", "ban"]) {
        const answer = await browser.post(`${reportPath(report.id)}/${action}`, {
          _csrf: token,
          duration: "1h",
        });
        expect(answer.status).toBe(400);
        expect(answer.html).toContain("owner");
      }
      expect(guild.bans.has(guild.ownerId)).toBe(false);
      expect(await casesOf(guild.ownerId)).toHaveLength(0);
    });
  });

  describe("replays and method tricks", () => {
    it("accepts once: a replayed Accept and a Reject after it are refused, one Unban case", async () => {
      const { user, id } = await appealed("twice");
      const token = await tokenOf(browser, appealPath(id));
      const first = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      expect(first.status).toBe(303);
      const again = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      expect(again.status).toBe(400);
      const reject = await browser.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "late" });
      expect(reject.status).toBe(400);
      expect(await unbansOf(user.id)).toHaveLength(1);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("accepted");
    });

    it("refuses Ban on an already-actioned report, and two Bans at once make one case", async () => {
      const report = await fileReport("double");
      const token = await tokenOf(browser, reportPath(report.id));
      const both = await Promise.all([
        browser.post(`${reportPath(report.id)}/ban`, { _csrf: token }),
        browser.post(`${reportPath(report.id)}/warn`, { _csrf: token }),
      ]);
      expect(both.map((answer) => answer.status).sort()).toEqual([303, 400]);
      const late = await browser.post(`${reportPath(report.id)}/timeout`, { _csrf: token, duration: "1h" });
      expect(late.status).toBe(400);
      const live = (await casesOf(report.target.id)).filter((kase) => !kase.voided);
      expect(live).toHaveLength(1);
    });

    it("changes nothing on GET, with a method-override header or field, or with a JSON body lacking the token", async () => {
      const { user, id } = await appealed("methods");
      expect((await browser.get(`${appealPath(id)}/accept`)).status).toBe(404);
      const overridden = await fetch(`${dashboard.base}${appealPath(id)}/accept?_method=POST`, {
        method: "GET",
        redirect: "manual",
        headers: {
          cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
          "x-http-method-override": "POST",
        },
      });
      expect(overridden.status).toBe(404);
      const json = await fetch(`${dashboard.base}${appealPath(id)}/accept`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
          "content-type": "application/json",
        },
        body: JSON.stringify({}),
      });
      expect(json.status).toBe(403);
      const plain = await fetch(`${dashboard.base}${appealPath(id)}/accept`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
          "content-type": "text/plain",
        },
        body: "_csrf=x",
      });
      expect(plain.status).toBeGreaterThanOrEqual(400);
      expect(guild.bans.has(user.id)).toBe(true);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    });
  });

  describe("the bot's Discord budget", () => {
    // The gate asks Discord about the viewer on every request (rightly: a demotion must count at once), but
    // with no limit and no memory of a refusal. Someone banned (or kicked) after signing in keeps a session
    // listing the guild, so each of their requests makes the bot read a member Discord no longer has: a 404,
    // which counts towards Discord's invalid-request limit (10,000 per 10 minutes, then the bot's IP is
    // blocked for everyone). dashboard-abuse only covers guilds the viewer was never in.
    it("does not let a member banned after signing in make the bot collect 404s from Discord at will", async () => {
      const hostile = sim.createUser({ username: "hostile" });
      guild.addMember(hostile.id);
      const client = dashboard.browser();
      await client.signIn(hostile);
      const banned = await sim
        .command({
          guildId: guild.id,
          userId: banMod.id,
          name: "ban",
          options: { user: hostile.id, reason: "raid" },
        })
        .answer();
      expect(banned.content).toMatch(/^Banned/);
      const refusedReads = () =>
        sim.requests
          .all()
          .filter(
            (request) =>
              request.method === "GET" &&
              request.path === `/guilds/${guild.id}/members/${hostile.id}` &&
              (request.status ?? 0) >= 400,
          ).length;
      const before = refusedReads();
      for (let i = 0; i < 40; i += 1) {
        const answer = await client.post(`/guilds/${guild.id}/appeals/1/accept`, { _csrf: "x" });
        expect(answer.status).toBe(403);
      }
      expect(refusedReads() - before).toBeLessThanOrEqual(5);
    });
  });

  describe("when Warden itself may not ban", () => {
    // The post's Ban and Accept buttons are checked as /ban and /unban, whose policy asks that the bot hold Ban
    // Members (PermissionGuard.checkBot): refused before anything is recorded or sent. The dashboard routes
    // skip that check, so the member is first DM'd "you were banned" (with an Appeal button), a Ban case is
    // recorded, then Discord refuses and the case is voided: the member was told of a ban that never was.
    it("refuses a web Ban before recording a case or telling the member, as the post's Ban button does", async () => {
      const report = await fileReport("bot cannot ban");
      const token = await tokenOf(browser, reportPath(report.id));
      const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
      if (!botRole) throw new Error("the simulator gave the bot no role");
      const had = botRole.permissions;
      guild.updateRole(botRole.id, (role) => {
        role.permissions = had & ~PermissionFlagsBits.BanMembers;
      });
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        const cached = dashboard.app.bot.client.guilds.cache.get(guild.id)?.members.me;
        if (cached && !cached.permissions.has(PermissionFlagsBits.BanMembers)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const dmsBefore = sim.dmsTo(report.target.id).length;
      let answer: PageResponse;
      try {
        answer = await browser.post(`${reportPath(report.id)}/ban`, { _csrf: token });
      } finally {
        guild.updateRole(botRole.id, (role) => {
          role.permissions = had;
        });
      }
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectShortPage(answer);
      expect(guild.bans.has(report.target.id)).toBe(false);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
      expect(
        sim
          .dmsTo(report.target.id)
          .slice(dmsBefore)
          .map((dm) => dm.content),
      ).toEqual([]);
      expect(await casesOf(report.target.id)).toEqual([]);
    });

    it("refuses a web Accept before recording an Unban case, as the post's Accept button does", async () => {
      const { id } = await appealed("let me back");
      const token = await tokenOf(browser, appealPath(id));
      const unbans = () =>
        dashboard.app.container.resolve(CaseController).count({ guildId: guild.id, type: CaseType.Unban });
      const unbansBefore = await unbans();
      const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
      if (!botRole) throw new Error("the simulator gave the bot no role");
      const had = botRole.permissions;
      guild.updateRole(botRole.id, (role) => {
        role.permissions = had & ~PermissionFlagsBits.BanMembers;
      });
      let answer: PageResponse;
      try {
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline) {
          const cached = dashboard.app.bot.client.guilds.cache.get(guild.id)?.members.me;
          if (cached && !cached.permissions.has(PermissionFlagsBits.BanMembers)) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        guild.updateRole(botRole.id, (role) => {
          role.permissions = had;
        });
      }
      expect(answer.status).toBe(400);
      expect(answer.html).toContain("I need the Ban Members permission in this server");
      expectShortPage(answer);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
      expect(await unbans()).toBe(unbansBefore);
    });
  });

  describe("web and Discord at once", () => {
    it("a web Reject racing the post's Accept button: one decision, and the ban matches it", async () => {
      for (let round = 0; round < 3; round++) {
        const { user, id } = await appealed("race");
        const token = await tokenOf(browser, appealPath(id));
        const post = guild.channels
          .get(appealsChannelId)
          ?.messages.find((message) => message.embeds[0]?.title === `Appeal #${id}`);
        const [web] = await Promise.all([
          browser.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "no" }),
          sim
            .button({
              guildId: guild.id,
              userId: banMod.id,
              channelId: appealsChannelId,
              messageId: post?.id ?? "",
              customId: customIdOf(post, "appeal-accept"),
            })
            .answer(),
        ]);
        const appeal = await appeals.inGuild(guild.id, id);
        const live = (await unbansOf(user.id)).filter((kase) => !kase.voided);
        if (appeal.status === "rejected") {
          expect(web.status).toBe(303);
          expect(live).toHaveLength(0);
          expect(guild.bans.has(user.id)).toBe(true);
        } else {
          expect(appeal.status).toBe("accepted");
          expect(web.status).toBe(400);
          expect(live).toHaveLength(1);
          expect(guild.bans.has(user.id)).toBe(false);
        }
        const kinds = (await appeals.history(id)).map((event) => event.kind);
        expect(kinds).toHaveLength(2);
      }
    });

    it("a web Ban racing the post's Dismiss form: either banned and actioned, or dismissed with no ban", async () => {
      for (let round = 0; round < 3; round++) {
        const report = await fileReport("race");
        const token = await tokenOf(browser, reportPath(report.id));
        const post = queue.messages.find((message) => message.embeds[0]?.title === `Report #${report.id}`);
        const row = post?.components[0] as
          { components?: { label?: string; custom_id?: string }[] } | undefined;
        const dismissId =
          row?.components?.find((component) => component.label === "Dismiss")?.custom_id ?? "";
        const opened = await sim
          .button({
            guildId: guild.id,
            userId: banMod.id,
            channelId: queue.id,
            messageId: post?.id ?? "",
            customId: dismissId,
          })
          .answer();
        const modalId = opened.modal?.custom_id ?? "";
        expect(modalId).not.toBe("");
        const [web] = await Promise.all([
          browser.post(`${reportPath(report.id)}/ban`, { _csrf: token }),
          sim
            .modalSubmit({
              guildId: guild.id,
              userId: banMod.id,
              channelId: queue.id,
              customId: modalId,
              fields: { reason: "fine" },
            })
            .answer(),
        ]);
        const stored = await reports.ofGuild(guild.id, report.id);
        const live = (await casesOf(report.target.id)).filter((kase) => !kase.voided);
        if (stored.status === "dismissed") {
          expect(web.status).toBe(400);
          expect(live).toHaveLength(0);
          expect(guild.bans.has(report.target.id)).toBe(false);
        } else {
          expect(stored.status).toBe("actioned");
          expect(web.status).toBe(303);
          expect(live).toHaveLength(1);
          expect(guild.bans.has(report.target.id)).toBe(true);
        }
      }
    });
  });

  describe("the transition the page shares with the post's buttons", () => {
    // The web Dismiss keeps its reason to 500 characters (MAX_REPORT_REASON_LENGTH, the close_reason and the
    // history note columns); the queue post's Dismiss form offers no more, and a longer one sent anyway is
    // refused cleanly.
    it("offers 500 characters in the post's Dismiss form, and refuses 600 cleanly", async () => {
      const report = await fileReport("long dismissal");
      const post = queue.messages.find((message) => message.embeds[0]?.title === `Report #${report.id}`);
      const row = post?.components[0] as
        { components?: { label?: string; custom_id?: string }[] } | undefined;
      const dismissId = row?.components?.find((component) => component.label === "Dismiss")?.custom_id ?? "";
      const opened = await sim
        .button({
          guildId: guild.id,
          userId: banMod.id,
          channelId: queue.id,
          messageId: post?.id ?? "",
          customId: dismissId,
        })
        .answer();
      const field = JSON.stringify(opened.modal ?? {});
      expect(field).toContain('"max_length":500');
      const reply = await sim
        .modalSubmit({
          guildId: guild.id,
          userId: banMod.id,
          channelId: queue.id,
          customId: opened.modal?.custom_id ?? "",
          fields: { reason: "z".repeat(600) },
        })
        .answer();
      expect(reply.content).not.toMatch(/incident|went wrong/i);
      expect(dashboard.logs.lines.filter((line) => line.incidentId !== undefined)).toEqual([]);
    });
  });

  describe("a failing network", () => {
    it("Discord refusing the unban: a short 502 page, the Unban case voided, the appeal open again", async () => {
      const { user, id } = await appealed("refused");
      const token = await tokenOf(browser, appealPath(id));
      sim.faults.inject({ method: "DELETE", path: "/guilds/:guild/bans/:user", status: 403, code: 50013 });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        sim.faults.clear();
      }
      expect(answer.status).toBe(502);
      expectShortPage(answer);
      expect(guild.bans.has(user.id)).toBe(true);
      const unbans = await unbansOf(user.id);
      expect(unbans.every((kase) => kase.voided)).toBe(true);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
      const retry = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      expect(retry.status).toBe(303);
      expect(guild.bans.has(user.id)).toBe(false);
    });

    it("Discord failing the unban with a 500: Discord's state decides, appeal and case agree", async () => {
      const { user, id } = await appealed("five hundred");
      const token = await tokenOf(browser, appealPath(id));
      sim.faults.inject({ method: "DELETE", path: "/guilds/:guild/bans/:user", status: 500 });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        sim.faults.clear();
      }
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).not.toBe(500);
      expectShortPage(answer);
      const appeal = await appeals.inGuild(guild.id, id);
      const live = (await unbansOf(user.id)).filter((kase) => !kase.voided);
      expect(guild.bans.has(user.id)).toBe(true);
      expect(appeal.status).toBe("open");
      expect(live).toHaveLength(0);
    });

    it("Discord answering the unban too late (it happened): accepted with its Unban case, or a short page", async () => {
      const { user, id } = await appealed("slow");
      const token = await tokenOf(browser, appealPath(id));
      sim.faults.inject({ method: "DELETE", path: "/guilds/:guild/bans/:user", latencyMs: 2500, times: 1 });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        sim.faults.clear();
      }
      expect(answer.status).not.toBe(500);
      expectShortPage(answer);
      expect(guild.bans.has(user.id)).toBe(false);
      const appeal = await appeals.inGuild(guild.id, id);
      const live = (await unbansOf(user.id)).filter((kase) => !kase.voided);
      expect(appeal.status).toBe("accepted");
      expect(live).toHaveLength(1);
      expect(appeal.unbanCaseId).toBe(live[0]?.id);
    });

    it("Discord refusing the ban from a report: 502, case voided, report open", async () => {
      const report = await fileReport("ban refused");
      const token = await tokenOf(browser, reportPath(report.id));
      sim.faults.inject({ method: "PUT", path: "/guilds/:guild/bans/:user", status: 403, code: 50013 });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${reportPath(report.id)}/ban`, { _csrf: token });
      } finally {
        sim.faults.clear();
      }
      expect(answer.status).toBe(502);
      expectShortPage(answer);
      expect(guild.bans.has(report.target.id)).toBe(false);
      expect((await casesOf(report.target.id)).every((kase) => kase.voided)).toBe(true);
      expect((await reports.ofGuild(guild.id, report.id)).status).toBe("open");
    });

    it("the database going away while Discord unbans: a short page, never an accepted appeal without its case", async () => {
      const { user, id } = await appealed("outage");
      const token = await tokenOf(browser, appealPath(id));
      sim.faults.inject({
        method: "DELETE",
        path: "/guilds/:guild/bans/:user",
        times: 1,
        hold: async () => {
          proxy.down();
        },
      });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        sim.faults.clear();
        proxy.up();
      }
      expect(answer.status).not.toBe(500);
      expectShortPage(answer);
      // Once the database is back, the background retry confirms the case: accepted, with a live Unban case.
      const deadline = Date.now() + 20_000;
      let pending = true;
      while (Date.now() < deadline) {
        const live = (await unbansOf(user.id)).filter((kase) => !kase.voided);
        if (live.length === 1 && !live[0]?.pending) {
          pending = false;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(pending).toBe(false);
      expect(guild.bans.has(user.id)).toBe(false);
      const appeal = await appeals.inGuild(guild.id, id);
      expect(appeal.status).toBe("accepted");
      expect(appeal.unbanCaseId).not.toBeNull();
    });

    it("Discord timing out and never unbanning: a short page, the case voided, the appeal open", async () => {
      const { user, id } = await appealed("never");
      const token = await tokenOf(browser, appealPath(id));
      sim.faults.inject({
        method: "DELETE",
        path: "/guilds/:guild/bans/:user",
        status: 503,
        latencyMs: 1500,
      });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        sim.faults.clear();
      }
      expect(answer.status).not.toBe(500);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectShortPage(answer);
      expect(guild.bans.has(user.id)).toBe(true);
      expect((await unbansOf(user.id)).filter((kase) => !kase.voided)).toHaveLength(0);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    });

    it("the database going away while Discord bans from a report: a short page, report actioned with its case", async () => {
      const report = await fileReport("outage ban");
      const token = await tokenOf(browser, reportPath(report.id));
      sim.faults.inject({
        method: "PUT",
        path: "/guilds/:guild/bans/:user",
        times: 1,
        hold: async () => {
          proxy.down();
        },
      });
      let answer: PageResponse;
      try {
        answer = await browser.post(`${reportPath(report.id)}/ban`, { _csrf: token });
      } finally {
        sim.faults.clear();
        proxy.up();
      }
      expect(answer.status).not.toBe(500);
      expectShortPage(answer);
      expect(guild.bans.has(report.target.id)).toBe(true);
      const deadline = Date.now() + 20_000;
      let settled = false;
      while (Date.now() < deadline && !settled) {
        const live = (await casesOf(report.target.id)).filter((kase) => !kase.voided && !kase.pending);
        settled = live.length === 1;
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(settled).toBe(true);
      const stored = await reports.ofGuild(guild.id, report.id);
      expect(stored.status).toBe("actioned");
      expect(stored.caseNumber).not.toBeNull();
    });

    it("the database away before the Accept: a short 503 page and nothing changed", async () => {
      const { user, id } = await appealed("before");
      const token = await tokenOf(browser, appealPath(id));
      proxy.down();
      let answer: PageResponse;
      try {
        answer = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
      } finally {
        proxy.up();
      }
      expect(answer.status).toBe(503);
      expectShortPage(answer);
      expect(guild.bans.has(user.id)).toBe(true);
      expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    });
  });
});
