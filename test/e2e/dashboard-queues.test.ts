import { AppealController } from "../../src/controllers/appeal-controller";
import { ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_queues_w${process.env.JEST_WORKER_ID ?? "0"}`;

const reporter = (index: number): string => `4000000000000${String(index).padStart(5, "0")}`;

/** The reports and appeals queues: one status a page, newest first, keyset paged, this guild's only. */
describe("dashboard reports and appeals queues", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let otherReportId: number;
  const eve = "300000000000000001";
  const link = (guildId: string) =>
    `https://discord.com/channels/${guildId}/500000000000000001/600000000000000001`;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Queue Guild" });
    other = sim.createGuild({ name: "Other" });
    mod = moderatorIn(sim, guild, "mod");
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const container = dashboard.app.container;
    const reports = container.resolve(ReportController);
    for (let index = 1; index <= 55; index += 1) {
      await reports.file({
        guildId: guild.id,
        reporterId: reporter(index),
        targetId: eve,
        reason: index === 55 ? "<script>alert(1)</script> scam" : `report reason ${index}`,
        messageLink: index === 54 ? "javascript:alert(1)" : link(guild.id),
        messageExcerpt: index === 55 ? "free <b>nitro</b>" : null,
      });
    }
    await reports.transition(guild.id, 1, { to: "acknowledged", from: ["open"], actorId: mod.id });
    await reports.transition(guild.id, 2, {
      to: "dismissed",
      from: ["open", "acknowledged"],
      actorId: mod.id,
      note: "not against the rules",
    });
    const foreign = await reports.file({
      guildId: other.id,
      reporterId: reporter(99),
      targetId: eve,
      reason: "other guild report",
      messageLink: null,
      messageExcerpt: null,
    });
    otherReportId = foreign.id;

    const appeals = container.resolve(AppealController);
    const firstBan = await makeCase(container, { guildId: guild.id, type: CaseType.Ban, targetId: eve });
    const secondBan = await makeCase(container, {
      guildId: guild.id,
      type: CaseType.Ban,
      targetId: "300000000000000002",
    });
    const otherBan = await makeCase(container, { guildId: other.id, type: CaseType.Ban, targetId: eve });
    await appeals.submit({ guildId: guild.id, banCaseId: firstBan.id, userId: eve, text: "I <3 rules" }, 1);
    const rejected = await appeals.submit(
      { guildId: guild.id, banCaseId: secondBan.id, userId: "300000000000000002", text: "sorry" },
      2,
    );
    await appeals.reject(guild.id, rejected.id, mod.id, "still spamming");
    await appeals.submit({ guildId: other.id, banCaseId: otherBan.id, userId: eve, text: "other appeal" }, 1);
    browser = dashboard.browser();
    await browser.signIn(mod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const ids = (html: string): number[] =>
    [...html.matchAll(/\/reports\/(\d+)">#\d+<\/a><\/td>/g)].map((m) => Number(m[1]));
  const nextLink = (html: string): string | null =>
    /<a class="button" rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;

  it("lists open reports newest first, 50 a page, then the rest", async () => {
    const first = await browser.get(`/guilds/${guild.id}/reports`);
    expect(first.status).toBe(200);
    expect(ids(first.html)).toEqual(Array.from({ length: 50 }, (_, index) => 55 - index));
    const second = await browser.get(`/guilds/${guild.id}/reports${nextLink(first.html)}`);
    expect(ids(second.html)).toEqual([5, 4, 3]);
    expect(nextLink(second.html)).toBeNull();
    expect(first.html).toContain('<option value="open" selected>');
  });

  it("filters by status, links members, escapes text and links only Discord message links", async () => {
    expect(ids((await browser.get(`/guilds/${guild.id}/reports?status=acknowledged`)).html)).toEqual([1]);
    const dismissed = await browser.get(`/guilds/${guild.id}/reports?status=dismissed`);
    expect(ids(dismissed.html)).toEqual([2]);
    expect(ids((await browser.get(`/guilds/${guild.id}/reports?status=actioned`)).html)).toEqual([]);
    const page = (await browser.get(`/guilds/${guild.id}/reports`)).html;
    expect(page).toContain(`<a href="/guilds/${guild.id}/members/${eve}">${eve}</a>`);
    expect(page).toContain(`<a href="/guilds/${guild.id}/members/${reporter(55)}">${reporter(55)}</a>`);
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; scam");
    expect(page).not.toContain("javascript:");
    expect(page).toContain(`<a href="${link(guild.id)}">Open the message</a>`);
    expect(page).not.toContain("other guild report");
  });

  it("shows a report with its history", async () => {
    const page = await browser.get(`/guilds/${guild.id}/reports/2`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Report 2");
    expect(page.html).toContain(`${reporter(2)} set it to open`);
    expect(page.html).toContain(`${mod.id} set it to dismissed`);
    expect(page.html).toContain("not against the rules");
    const excerpt = await browser.get(`/guilds/${guild.id}/reports/55`);
    expect(excerpt.html).toContain("free &lt;b&gt;nitro&lt;/b&gt;");
  });

  it("shows nothing of another guild's report under this guild's URL", async () => {
    const page = await browser.get(`/guilds/${guild.id}/reports/${otherReportId}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain(`There is no report #${otherReportId} in this server.`);
    expect(page.html).not.toContain("other guild report");
  });

  it("refuses a status or cursor it does not understand with a short page", async () => {
    for (const query of ["?status=closed", "?before=x1", "?before=-3"]) {
      const page = await browser.get(`/guilds/${guild.id}/reports${query}`);
      expect(page.status).toBe(400);
      expect(page.html).not.toContain("incident");
    }
    expect((await browser.get(`/guilds/${guild.id}/reports/abc`)).status).toBe(400);
    expect((await browser.get(`/guilds/${guild.id}/appeals?status=pending`)).status).toBe(400);
  });

  it("lists appeals by status with their ban case linked, this guild's only", async () => {
    const open = (await browser.get(`/guilds/${guild.id}/appeals`)).html;
    expect(open).toContain(`<a href="/guilds/${guild.id}/cases/1">#1</a>`);
    expect(open).toContain("I &lt;3 rules");
    expect(open).toContain(`<a href="/guilds/${guild.id}/members/${eve}">${eve}</a>`);
    expect(open).not.toContain("sorry");
    expect(open).not.toContain("other appeal");
    const rejected = (await browser.get(`/guilds/${guild.id}/appeals?status=rejected`)).html;
    expect(rejected).toContain(`<a href="/guilds/${guild.id}/cases/2">#2</a>`);
    expect(rejected).toContain("sorry");
    expect(rejected).toContain("still spamming");
    expect(rejected).not.toContain("I &lt;3 rules");
    const accepted = (await browser.get(`/guilds/${guild.id}/appeals?status=accepted`)).html;
    expect(accepted).toContain("No appeal in this state.");
  });

  it("labels every form control on the queues", async () => {
    for (const path of ["reports", "appeals"]) {
      const html = (await browser.get(`/guilds/${guild.id}/${path}`)).html;
      const controls = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);
      const labelled = controls.filter((tag) => !tag.includes('type="hidden"'));
      expect(labelled.length).toBeGreaterThanOrEqual(1);
      for (const tag of labelled) {
        const id = /id="([^"]+)"/.exec(tag)?.[1];
        expect(html).toContain(`<label for="${id}">`);
      }
    }
  });
});
