import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { ReportsCog } from "../../src/cogs/reports/reports-cog";
import { ReportController } from "../../src/controllers/report-controller";
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
    const set = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "reports",
        subcommand: "channel",
        options: { channel: queue.id },
      })
      .reply();
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
      .reply();
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
});
