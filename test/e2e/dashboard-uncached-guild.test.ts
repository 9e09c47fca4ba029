import { PermissionFlagsBits } from "discord.js";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { ReportsCog } from "../../src/cogs/reports/reports-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, guildIdForShard, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_uncached_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * The dashboard's process holds shard 0 of 2; the guild is on shard 1, so it is in no cache here: its
 * settings page and its web actions read the guild from Discord instead.
 */
describe("dashboard for a guild on another process's shard", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let owner: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let logChannel: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    owner = sim.createUser({ username: "farowner" });
    guild = sim.createGuild({ name: "Far <Guild>", id: guildIdForShard(1, 2), ownerId: owner.id });
    guild.createRole({ name: "Helpers", permissions: PermissionFlagsBits.ModerateMembers });
    logChannel = guild.createChannel({ name: "far-log" }).id;
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog, ReportsCog],
      env: { SHARD_COUNT: "2", SHARD_IDS: "0" },
    });
    browser = dashboard.browser();
    await browser.signIn(owner);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("shows the settings page with the guild's channels and roles, and saves a change", async () => {
    const page = await browser.get(`/guilds/${guild.id}/settings`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Far &lt;Guild&gt;");
    expect(page.html).toContain("far-log");
    expect(page.html).toContain("Helpers");
    const saved = await browser.post(`/guilds/${guild.id}/settings/mod-log`, {
      _csrf: DashboardClient.csrfToken(page.html),
      channel: logChannel,
    });
    expect(saved.status).toBe(303);
    const configs = dashboard.app.container.resolve(GuildConfigController);
    expect((await configs.get(guild.id)).modLogChannelId).toBe(logChannel);
    expect((await browser.get(saved.location ?? "")).html).toContain("far-log");
  });

  it("warns a reported member from the report's page, recorded with the web moderator", async () => {
    const target = sim.createUser({ username: "fartarget" });
    guild.addMember(target.id);
    const report = await dashboard.app.container.resolve(ReportController).file({
      guildId: guild.id,
      reporterId: owner.id,
      targetId: target.id,
      reason: "far spam",
      messageLink: null,
      messageExcerpt: null,
    });
    const path = `/guilds/${guild.id}/reports/${report.id}`;
    const page = await browser.get(path);
    expect(page.html).toContain(`Report #${report.id}: far spam`);
    const done = await browser.post(`${path}/warn`, {
      _csrf: DashboardClient.csrfToken(page.html),
      reason: `Report #${report.id}: far spam`,
    });
    expect(done.status).toBe(303);
    const cases = dashboard.app.container.resolve(CaseController);
    const [warn] = (await cases.list(guild.id, { targetId: target.id }, { limit: 1 })).items;
    expect(warn).toMatchObject({
      type: CaseType.Warn,
      moderatorId: owner.id,
      reason: `Report #${report.id}: far spam`,
    });
    const actioned = await dashboard.app.container.resolve(ReportController).ofGuild(guild.id, report.id);
    expect(actioned.status).toBe("actioned");
  });
});
