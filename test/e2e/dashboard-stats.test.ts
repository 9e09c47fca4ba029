import { PermissionFlagsBits } from "discord.js";
import { CaseController } from "../../src/controllers/case-controller";
import { MemberJoinController } from "../../src/controllers/member-join-controller";
import { UsageController, type RecordedUsage } from "../../src/controllers/usage-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";
import { clearOfUtcMidnight } from "../support/utc-midnight";

const DATABASE = `warden_e2e_dashboard_stats_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DAY = 86_400_000;

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
function mondayOf(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return new Date(midnight - ((date.getUTCDay() + 6) % 7) * DAY);
}

/** A table of the page by id: its rows, each the texts of its cells (header row first). */
function table(html: string, id: string): string[][] | null {
  const found = new RegExp(`<table id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!found) return null;
  return [...found[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((cell) => cell[1]!),
  );
}
const rowOf = (rows: string[][] | null, label: string): string[] | undefined =>
  rows?.find((row) => row[0] === label);

/** The statistics page: numbers from the guild's roll-ups and cases, in tables the chart script draws. */
describe("dashboard statistics page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let quiet: SimGuild;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let now: Date;
  let thisWeek: string;
  let threeWeeksAgo: string;
  let yesterday: Date;

  beforeAll(async () => {
    // The page counts days and weeks in UTC at request time; this file takes well under 2 minutes.
    await clearOfUtcMidnight(2 * 60_000);
    now = new Date();
    thisWeek = dayOf(mondayOf(now));
    threeWeeksAgo = dayOf(new Date(mondayOf(now).getTime() - 21 * DAY));
    yesterday = new Date(now.getTime() - DAY);
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Stats <Guild>" });
    quiet = sim.createGuild({ name: "Quiet" });
    const other = sim.createGuild({ name: "Other" });
    mod = sim.createUser({ username: "mod" });
    for (const place of [guild, quiet]) {
      const mods = place.createRole({
        name: "Mods",
        permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageGuild,
      });
      place.addMember(mod.id, { roles: [mods.id] });
    }
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const { container, database } = dashboard.app;
    await makeCase(container, { guildId: guild.id, type: CaseType.Warn });
    await makeCase(container, { guildId: guild.id, type: CaseType.Warn });
    await makeCase(container, { guildId: guild.id, type: CaseType.Ban });
    const deleted = await makeCase(container, { guildId: guild.id, type: CaseType.Ban });
    await container.resolve(CaseController).void(guild.id, deleted.number, mod.id, "mistake");
    const earlier = await makeCase(container, { guildId: guild.id, type: CaseType.Warn });
    const tooOld = await makeCase(container, { guildId: guild.id, type: CaseType.Kick });
    await makeCase(container, { guildId: other.id, type: CaseType.Ban });
    await database.sql("UPDATE cases SET created_at = $2 WHERE id = $1", [
      earlier.id,
      new Date(mondayOf(now).getTime() - 20 * DAY).toISOString(),
    ]);
    await database.sql("UPDATE cases SET created_at = $2 WHERE id = $1", [
      tooOld.id,
      new Date(mondayOf(now).getTime() - 12 * 7 * DAY - DAY).toISOString(),
    ]);
    const use = (guildId: string, latencyMs: number, outcome: RecordedUsage["outcome"]): RecordedUsage => ({
      command: "warn",
      guildId,
      userId: mod.id,
      outcome,
      latencyMs,
      locale: "en-US",
      at: yesterday,
    });
    await container
      .resolve(UsageController)
      .insertAll([
        use(guild.id, 10, "ok"),
        use(guild.id, 20, "ok"),
        use(guild.id, 100, "error"),
        use(other.id, 5000, "error"),
      ]);
    const joins = container.resolve(MemberJoinController);
    for (const [userId, inviteCode] of [
      ["400000000000000001", "spring"],
      ["400000000000000002", "spring"],
      ["400000000000000003", "summer"],
    ] as const) {
      await joins.record({ guildId: guild.id, userId, inviteCode, inviterId: mod.id });
    }
    await joins.record({
      guildId: other.id,
      userId: "400000000000000004",
      inviteCode: "elsewhere",
      inviterId: null,
    });
    browser = dashboard.browser();
    await browser.signIn(mod);
  }, 240_000);
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("counts the guild's cases per week and type over 12 weeks, leaving out deleted and older ones", async () => {
    const page = await browser.get(`/guilds/${guild.id}/stats`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Statistics for Stats &lt;Guild&gt;");
    const rows = table(page.html, "cases-weekly");
    expect(rows?.[0]).toEqual(["Week of", "Ban", "Warning"]);
    expect(rows).toHaveLength(13);
    expect(rowOf(rows, thisWeek)).toEqual([thisWeek, "1", "2"]);
    expect(rowOf(rows, threeWeeksAgo)).toEqual([threeWeeksAgo, "0", "1"]);
    expect(page.html).toContain('data-chart="bar" data-stacked="true"');
  });

  it("shows commands, errors, error rate and p95 latency per day from the guild's roll-ups only", async () => {
    const page = await browser.get(`/guilds/${guild.id}/stats`);
    const commands = table(page.html, "commands-daily");
    expect(commands).toHaveLength(31);
    expect(rowOf(commands, dayOf(yesterday))).toEqual([dayOf(yesterday), "3", "1"]);
    expect(rowOf(commands, dayOf(now))).toEqual([dayOf(now), "0", "0"]);
    const health = table(page.html, "health-daily");
    // percentile_cont(0.95) over 10, 20, 100 ms: 20 + 0.9 × 80.
    expect(rowOf(health, dayOf(yesterday))).toEqual([dayOf(yesterday), "33.3", "92"]);
    expect(rowOf(health, dayOf(now))).toEqual([dayOf(now), "–", "–"]);
  });

  it("ranks the guild's invites by joins in the last 30 days", async () => {
    const page = await browser.get(`/guilds/${guild.id}/stats`);
    expect(table(page.html, "invites")).toEqual([
      ["Invite (inviter)", "Joins"],
      [`spring (${mod.id})`, "2"],
      [`summer (${mod.id})`, "1"],
    ]);
    expect(page.html).not.toContain("elsewhere");
  });

  it("says so when a guild has nothing to chart, and draws no chart then", async () => {
    const page = await browser.get(`/guilds/${quiet.id}/stats`);
    expect(page.status).toBe(200);
    expect(page.html.match(/Nothing in this period\./g)).toHaveLength(4);
    expect(page.html).not.toContain("data-chart=");
  });

  it("loads Chart.js and the chart script from the dashboard itself, never inline", async () => {
    const page = await browser.get(`/guilds/${guild.id}/stats`);
    const scripts = [...page.html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((script) => /src="([^"]+)"/.exec(script[1]!)?.[1])).toEqual([
      "/static/chart.umd.min.js",
      "/static/stats-charts.js",
    ]);
    expect(scripts.every((script) => script[2] === "")).toBe(true);
    const library = await fetch(`${dashboard.base}/static/chart.umd.min.js`);
    expect(library.headers.get("content-type")).toContain("javascript");
    expect(await library.text()).toContain("Chart");
    const ours = await fetch(`${dashboard.base}/static/stats-charts.js`);
    expect(await ours.text()).toContain("data-chart");
  });

  it("links the cases page and the statistics page to each other", async () => {
    const cases = await browser.get(`/guilds/${guild.id}/cases`);
    expect(cases.html).toContain(`<a href="/guilds/${guild.id}/stats">Statistics</a>`);
    const stats = await browser.get(`/guilds/${guild.id}/stats`);
    expect(stats.html).toContain(`<a href="/guilds/${guild.id}/stats" aria-current="page">Statistics</a>`);
  });

  it("refuses a moderator /stats would refuse (Timeout Members only), and links no statistics for them", async () => {
    const timeouts = guild.createRole({ name: "Timeouts", permissions: PermissionFlagsBits.ModerateMembers });
    const helper = sim.createUser({ username: "helper" });
    guild.addMember(helper.id, { roles: [timeouts.id] });
    const theirs = dashboard.browser();
    await theirs.signIn(helper);
    const cases = await theirs.get(`/guilds/${guild.id}/cases`);
    expect(cases.status).toBe(200);
    expect(cases.html).not.toContain(`/guilds/${guild.id}/stats`);
    const stats = await theirs.get(`/guilds/${guild.id}/stats`);
    expect(stats.status).toBe(403);
    expect(stats.html).toContain("Only those who may use /stats");
    expect(stats.html).not.toContain("cases-weekly");
  });
});
