import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_cases_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The cases page: 50 a page, newest first, filters, text search, everything escaped. */
describe("dashboard cases page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  const target = "300000000000000001";

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Cases <Guild>" });
    other = sim.createGuild({ name: "Other" });
    mod = moderatorIn(sim, guild, "mod");
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const container = dashboard.app.container;
    for (let index = 1; index <= 118; index += 1) {
      await makeCase(container, {
        guildId: guild.id,
        moderatorId: mod.id,
        reason: `ordinary reason ${index}`,
      });
    }
    await makeCase(container, {
      guildId: guild.id,
      type: CaseType.Ban,
      targetId: target,
      targetName: "<b>eve</b>",
      moderatorId: mod.id,
      reason: '<script>alert("x")</script> phishing steam-gift.example',
    }); // 119
    await makeCase(container, { guildId: guild.id, moderatorId: mod.id, reason: "left alone" }); // 120
    await container.resolve(CaseAnnotations).addNote(guild.id, 7, mod.id, "same steam-gift.example link");
    await makeCase(container, {
      guildId: other.id,
      moderatorId: mod.id,
      reason: "phishing steam-gift.example",
    });
    browser = dashboard.browser();
    await browser.signIn(mod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const numbers = (html: string): number[] =>
    [...html.matchAll(/>#(\d+)<\/a><\/td>/g)].map((m) => Number(m[1]));
  const nextLink = (html: string): string | null =>
    /<a class="button" rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;

  it("shows 50 cases a page, newest first, with a link to the next page until the last", async () => {
    const first = await browser.get(`/guilds/${guild.id}/cases`);
    expect(first.status).toBe(200);
    expect(numbers(first.html)).toEqual(Array.from({ length: 50 }, (_, index) => 120 - index));
    const second = await browser.get(`/guilds/${guild.id}/cases${nextLink(first.html)}`);
    expect(numbers(second.html)).toEqual(Array.from({ length: 50 }, (_, index) => 70 - index));
    const third = await browser.get(`/guilds/${guild.id}/cases${nextLink(second.html)}`);
    expect(numbers(third.html)).toEqual(Array.from({ length: 20 }, (_, index) => 20 - index));
    expect(nextLink(third.html)).toBeNull();
  });

  it("escapes what members and moderators wrote, and the guild's name", async () => {
    const page = await browser.get(`/guilds/${guild.id}/cases?member=${target}`);
    expect(numbers(page.html)).toEqual([119]);
    expect(page.html).not.toContain("<script>");
    expect(page.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page.html).toContain("&lt;b&gt;eve&lt;/b&gt;");
    expect(page.html).toContain("Cases in Cases &lt;Guild&gt;");
  });

  it("finds text in reasons and notes of this guild only, and keeps the filters in the form", async () => {
    const page = await browser.get(`/guilds/${guild.id}/cases?q=steam-gift.example`);
    expect(numbers(page.html)).toEqual([119, 7]);
    expect(page.html).toContain('name="q" type="search" maxlength="200" value="steam-gift.example"');
    const banned = await browser.get(`/guilds/${guild.id}/cases?q=steam-gift.example&type=ban`);
    expect(numbers(banned.html)).toEqual([119]);
    expect(banned.html).toContain('<option value="ban" selected>');
  });

  it("filters by deleted state and by dates", async () => {
    await dashboard.app.container.resolve(CaseController).void(guild.id, 120, mod.id, "mistake");
    expect(numbers((await browser.get(`/guilds/${guild.id}/cases?state=deleted`)).html)).toEqual([120]);
    expect(numbers((await browser.get(`/guilds/${guild.id}/cases`)).html)[0]).toBe(119);
    expect(numbers((await browser.get(`/guilds/${guild.id}/cases?from=2999-01-01`)).html)).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(numbers((await browser.get(`/guilds/${guild.id}/cases?to=${today}&q=left`)).html)).toEqual([]);
    expect(
      numbers((await browser.get(`/guilds/${guild.id}/cases?to=${today}&q=left&state=all`)).html),
    ).toEqual([120]);
  });

  it("refuses a filter it does not understand with a short page naming it", async () => {
    const bad = await browser.get(`/guilds/${guild.id}/cases?member=bob`);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("A filter was not understood: Member id.");
    expect((await browser.get(`/guilds/${guild.id}/cases?from=yesterday`)).status).toBe(400);
    expect((await browser.get(`/guilds/${guild.id}/cases?after=forged`)).status).toBe(400);
  });

  it("labels every form control", async () => {
    const html = (await browser.get(`/guilds/${guild.id}/cases`)).html;
    const ids = [...html.matchAll(/<(?:input|select) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(7);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
  });

  it("limits text searches per address, not plain pages", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 65; index += 1) {
      statuses.push((await browser.get(`/guilds/${guild.id}/cases?q=search${index}`)).status);
    }
    expect(statuses).toContain(429);
    expect((await browser.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
  });
});
