import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { ReportsCog } from "../../src/cogs/reports/reports-cog";
import { PermissionFlagsBits } from "discord.js";
import { CaseController } from "../../src/controllers/case-controller";
import { ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_report_actions_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** Acknowledge and Dismiss from a report's page: the buttons' transition, its history, the post refreshed. */
describe("dashboard report actions", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let queue: SimChannel;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let reports: ReportController;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Actions" });
    other = sim.createGuild({ name: "Other" });
    mod = moderatorIn(sim, guild, "webmod");
    queue = guild.createChannel({ name: "reports" });
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog, ReportsCog],
    });
    reports = dashboard.app.container.resolve(ReportController);
    cases = dashboard.app.container.resolve(CaseController);
    const set = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "reports",
        subcommand: "channel",
        options: { channel: queue.id },
      })
      .answer();
    expect(set.ephemeral).toBe(true);
    browser = dashboard.browser();
    await browser.signIn(mod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  /** A report filed with /report (so it has a queue post): its id. */
  async function fileReport(reason: string): Promise<number> {
    const reporter = sim.createUser({ username: `reporter${Math.floor(Math.random() * 1e6)}` });
    const target = sim.createUser({ username: "target" });
    guild.addMember(reporter.id);
    guild.addMember(target.id);
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: reporter.id,
        name: "report",
        options: { user: target.id, reason },
      })
      .answer();
    const id = /report #(\d+)/.exec(reply.content ?? "")?.[1];
    if (!id) throw new Error(`no report filed: ${reply.content}`);
    return Number(id);
  }
  const statusOnPost = (id: number) =>
    queue.messages
      .find((message) => message.embeds[0]?.title === `Report #${id}`)
      ?.embeds[0]?.fields?.find((field) => field.name === "Status")?.value;
  const reportPath = (id: number) => `/guilds/${guild.id}/reports/${id}`;
  const tokenOf = async (id: number) => DashboardClient.csrfToken((await browser.get(reportPath(id))).html);
  const historyOf = async (id: number) =>
    (await reports.history(id)).map((event) => [event.status, event.actorId, event.note]);

  it("acknowledges a report as the web moderator, records it and refreshes the queue post", async () => {
    const id = await fileReport("spam in general");
    expect(statusOnPost(id)).toBe("Open");
    const done = await browser.post(`${reportPath(id)}/acknowledge`, { _csrf: await tokenOf(id) });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${reportPath(id)}?saved=acknowledged`);
    const page = await browser.get(done.location ?? "");
    expect(page.html).toContain(`Report ${id} was acknowledged.`);
    expect(page.html).toContain(`${mod.id} set it to acknowledged`);
    expect(page.html).not.toContain("/acknowledge");
    expect(statusOnPost(id)).toBe(`Acknowledged by <@${mod.id}>`);
    expect((await historyOf(id)).at(-1)).toEqual(["acknowledged", mod.id, null]);
  });

  it("dismisses with a reason through the same transition, and refuses to change a handled report", async () => {
    const id = await fileReport("rude words");
    const token = await tokenOf(id);
    const done = await browser.post(`${reportPath(id)}/dismiss`, { _csrf: token, reason: " <not> a rule " });
    expect(done.status).toBe(303);
    expect(statusOnPost(id)).toBe(`Dismissed by <@${mod.id}>: <not> a rule`);
    const page = await browser.get(reportPath(id));
    expect(page.html).toContain("&lt;not&gt; a rule");
    expect(page.html).not.toContain("/dismiss");
    const again = await browser.post(`${reportPath(id)}/acknowledge`, { _csrf: token });
    expect(again.status).toBe(400);
    expect(again.html).toContain(`Report #${id} is already dismissed; reload the page.`);
    expect(await historyOf(id)).toHaveLength(2);
  });

  it("refuses a form without the CSRF token, a reason too long, and another guild's report", async () => {
    const id = await fileReport("flooding");
    const token = await tokenOf(id);
    expect((await browser.post(`${reportPath(id)}/acknowledge`, {})).status).toBe(403);
    const long = await browser.post(`${reportPath(id)}/dismiss`, { _csrf: token, reason: "x".repeat(501) });
    expect(long.status).toBe(400);
    const foreign = await reports.file({
      guildId: other.id,
      reporterId: "300000000000000008",
      targetId: "300000000000000009",
      reason: "elsewhere",
      messageLink: null,
      messageExcerpt: null,
    });
    const crossed = await browser.post(`/guilds/${guild.id}/reports/${foreign.id}/acknowledge`, {
      _csrf: token,
    });
    expect(crossed.status).toBe(400);
    expect(crossed.html).toContain(`There is no report #${foreign.id} in this server.`);
    expect((await reports.ofGuild(other.id, foreign.id)).status).toBe("open");
    expect(await historyOf(id)).toHaveLength(1);
    expect(statusOnPost(id)).toBe("Open");
  });

  it("drops a NUL character from the reason, as from a Discord form, instead of failing with an incident", async () => {
    const id = await fileReport("nul attempt");
    const done = await browser.post(`${reportPath(id)}/dismiss`, {
      _csrf: await tokenOf(id),
      reason: "a\u0000b",
    });
    expect(done.status).toBe(303);
    expect(dashboard.logs.find((line) => line.incidentId !== undefined)).toBeUndefined();
    expect((await historyOf(id)).at(-1)).toEqual(["dismissed", mod.id, "ab"]);
    expect((await reports.ofGuild(guild.id, id)).closeReason).toBe("ab");
  });

  it("gives two dismissals sent at once one winner", async () => {
    const id = await fileReport("two at once");
    const token = await tokenOf(id);
    const answers = await Promise.all(
      ["first", "second"].map((reason) =>
        browser.post(`${reportPath(id)}/dismiss`, { _csrf: token, reason }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 400]);
    expect((await historyOf(id)).map(([status]) => status)).toEqual(["open", "dismissed"]);
  });

  describe("Warn / Timeout / Ban from the page", () => {
    const targetOf = async (id: number) => (await reports.ofGuild(guild.id, id)).targetId;
    const casesOf = async (targetId: string) =>
      (await cases.list(guild.id, { targetId, includeVoided: true }, { limit: 10 })).items;

    it("warns the reported member as the web moderator, marks the report actioned with the case", async () => {
      const id = await fileReport("insults");
      const page = await browser.get(reportPath(id));
      expect(page.html).toContain(`action="${reportPath(id)}/warn"`);
      expect(page.html).toContain(`action="${reportPath(id)}/timeout"`);
      expect(page.html).not.toContain(`action="${reportPath(id)}/ban"`);
      expect(page.html).toContain(`Report #${id}: insults`);
      const done = await browser.post(`${reportPath(id)}/warn`, {
        _csrf: DashboardClient.csrfToken(page.html),
        reason: "be kind",
      });
      expect(done.status).toBe(303);
      expect(done.location).toBe(`${reportPath(id)}?saved=actioned`);
      const [warn] = await casesOf(await targetOf(id));
      expect(warn).toMatchObject({
        type: CaseType.Warn,
        moderatorId: mod.id,
        reason: "be kind",
        voided: false,
      });
      const report = await reports.ofGuild(guild.id, id);
      expect(report).toMatchObject({ status: "actioned", caseNumber: warn?.number, handledBy: mod.id });
      const after = await browser.get(done.location ?? "");
      expect(after.html).toContain(`Report ${id} was actioned: case #${warn?.number}.`);
      expect(after.html).toContain(`href="/guilds/${guild.id}/cases/${warn?.number}"`);
      expect(after.html).not.toContain(`action="${reportPath(id)}/warn"`);
      expect(statusOnPost(id)).toContain(`<@${mod.id}>`);
      expect(statusOnPost(id)).toContain(`#${warn?.number}`);
    });

    it("times the member out for the chosen length, and refuses a length not offered", async () => {
      const id = await fileReport("flood");
      const token = await tokenOf(id);
      const odd = await browser.post(`${reportPath(id)}/timeout`, { _csrf: token, duration: "3y" });
      expect(odd.status).toBe(400);
      expect(await casesOf(await targetOf(id))).toHaveLength(0);
      const done = await browser.post(`${reportPath(id)}/timeout`, { _csrf: token, duration: "1h" });
      expect(done.status).toBe(303);
      const targetId = await targetOf(id);
      const [timeout] = await casesOf(targetId);
      expect(timeout).toMatchObject({ type: CaseType.Timeout, moderatorId: mod.id, pending: false });
      const until = guild.members.get(targetId)?.communicationDisabledUntil;
      expect(until).toBeTruthy();
      const left = new Date(until ?? 0).getTime() - Date.now();
      expect(left).toBeGreaterThan(55 * 60_000);
      expect(left).toBeLessThanOrEqual(60 * 60_000);
      expect((await reports.ofGuild(guild.id, id)).status).toBe("actioned");
    });

    it("bans only for a moderator who may ban; others are refused with the report untouched", async () => {
      const id = await fileReport("raid");
      const refused = await browser.post(`${reportPath(id)}/ban`, { _csrf: await tokenOf(id) });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("You may not use this action in this server.");
      expect((await reports.ofGuild(guild.id, id)).status).toBe("open");
      const banners = guild.createRole({
        name: "Banners",
        permissions: PermissionFlagsBits.BanMembers | PermissionFlagsBits.ModerateMembers,
      });
      const banMod = sim.createUser({ username: "banmod" });
      guild.addMember(banMod.id, { roles: [banners.id] });
      const banning = dashboard.browser();
      await banning.signIn(banMod);
      const page = await banning.get(reportPath(id));
      expect(page.html).toContain(`action="${reportPath(id)}/ban"`);
      const done = await banning.post(`${reportPath(id)}/ban`, {
        _csrf: DashboardClient.csrfToken(page.html),
      });
      expect(done.status).toBe(303);
      const targetId = await targetOf(id);
      expect(guild.bans.has(targetId)).toBe(true);
      expect((await casesOf(targetId))[0]).toMatchObject({ type: CaseType.Ban, moderatorId: banMod.id });
    });

    it("says why on the page when the hierarchy, a member who left or Discord refuses", async () => {
      const above = await fileReport("senior spam");
      const senior = guild.createRole({ name: "Senior", position: 50 });
      guild.updateMember(await targetOf(above), (member) => member.roles.push(senior.id));
      const hierarchy = await browser.post(`${reportPath(above)}/warn`, { _csrf: await tokenOf(above) });
      expect(hierarchy.status).toBe(400);
      expect(hierarchy.html).toContain("highest role is not below yours.");
      expect(await casesOf(await targetOf(above))).toHaveLength(0);
      expect((await reports.ofGuild(guild.id, above)).status).toBe("open");

      const gone = await fileReport("left already");
      guild.removeMember(await targetOf(gone));
      const left = await browser.post(`${reportPath(gone)}/warn`, { _csrf: await tokenOf(gone) });
      expect(left.status).toBe(400);
      expect(left.html).toContain("isn&#39;t a member of this server.");
      expect((await reports.ofGuild(guild.id, gone)).status).toBe("open");

      const denied = await fileReport("bot cannot");
      sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status: 403, code: 50013 });
      try {
        const answer = await browser.post(`${reportPath(denied)}/timeout`, {
          _csrf: await tokenOf(denied),
          duration: "10m",
        });
        expect(answer.status).toBe(502);
        expect(answer.html).toContain("I don&#39;t have permission to do that here");
      } finally {
        sim.faults.clear();
      }
      const [voided] = await casesOf(await targetOf(denied));
      expect(voided?.voided).toBe(true);
      expect((await reports.ofGuild(guild.id, denied)).status).toBe("open");
    });
  });
});
