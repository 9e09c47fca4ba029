import { ActivityController, HOUR_MS } from "../../src/controllers/activity-controller";
import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { EconomyController } from "../../src/controllers/economy-controller";
import { HourCounts } from "../../src/controllers/hour-counts";
import { MemberJoinController } from "../../src/controllers/member-join-controller";
import { UserController } from "../../src/controllers/user-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_member_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The member page: everything Warden holds about one member of one guild, and nothing of another guild. */
describe("dashboard member page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  const eve = "300000000000000001";
  const quiet = "300000000000000002";
  const stranger = "300000000000000009";
  const inviter = "300000000000000003";
  const seenAt = new Date("2026-11-30T12:34:00Z");

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Member Guild" });
    other = sim.createGuild({ name: "Other" });
    mod = moderatorIn(sim, guild, "mod");
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const container = dashboard.app.container;
    for (let index = 1; index <= 30; index += 1) {
      await makeCase(container, {
        guildId: guild.id,
        targetId: eve,
        targetName: "<b>eve</b>",
        moderatorId: mod.id,
        type: index === 30 ? CaseType.Ban : CaseType.Warn,
        reason: `eve reason ${index}`,
      });
    }
    await makeCase(container, { guildId: guild.id, targetId: quiet, moderatorId: mod.id, reason: "once" }); // 31
    await makeCase(container, {
      guildId: other.id,
      targetId: eve,
      moderatorId: mod.id,
      reason: "other secret",
    });
    const annotations = container.resolve(CaseAnnotations);
    await annotations.addNote(guild.id, 3, mod.id, "<i>watch</i> this one");
    await annotations.addNote(other.id, 1, mod.id, "note from the other guild");
    await container.resolve(ActivityController).addAll([
      {
        guildId: guild.id,
        userId: eve,
        messages: 42,
        lastSeenAt: seenAt,
        hours: new HourCounts(HOUR_MS, 42),
      },
      {
        guildId: other.id,
        userId: eve,
        messages: 777,
        lastSeenAt: seenAt,
        hours: new HourCounts(HOUR_MS, 777),
      },
    ]);
    const economy = container.resolve(EconomyController);
    await economy.add(guild.id, eve, 1234n, mod.id, "seed");
    await economy.add(other.id, eve, 9876n, mod.id, "seed");
    const users = container.resolve(UserController);
    const { user } = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: eve,
      platformUsername: "eve",
    });
    await users.linkIdentity(user.id, {
      platform: "twitch",
      platformUserId: "eve_tw",
      platformUsername: "EveTV",
    });
    const joins = container.resolve(MemberJoinController);
    await joins.record({ guildId: guild.id, userId: eve, inviteCode: "gate", inviterId: inviter });
    await joins.record({ guildId: other.id, userId: eve, inviteCode: "othergate", inviterId: inviter });
    for (const friend of ["300000000000000011", "300000000000000012"]) {
      await joins.record({ guildId: guild.id, userId: friend, inviteCode: "evecode", inviterId: eve });
    }
    await joins.record({ guildId: other.id, userId: quiet, inviteCode: "eveother", inviterId: eve });
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
  const memberPath = (userId: string, guildId = guild.id) => `/guilds/${guildId}/members/${userId}`;

  it("pages the member's cases newest first, each linked to its case page", async () => {
    const first = await browser.get(memberPath(eve));
    expect(first.status).toBe(200);
    expect(numbers(first.html)).toEqual(Array.from({ length: 25 }, (_, index) => 30 - index));
    expect(first.html).toContain(`<a href="/guilds/${guild.id}/cases/30">#30</a>`);
    const second = await browser.get(`${memberPath(eve)}${nextLink(first.html)}`);
    expect(numbers(second.html)).toEqual([5, 4, 3, 2, 1]);
    expect(nextLink(second.html)).toBeNull();
  });

  it("shows notes, activity, balance, linked accounts and invites of this guild only, escaped", async () => {
    const html = (await browser.get(memberPath(eve))).html;
    expect(html).toContain("Member &lt;b&gt;eve&lt;/b&gt; (300000000000000001)");
    expect(html).toContain("&lt;i&gt;watch&lt;/i&gt; this one");
    expect(html).toContain(`on case 3`);
    expect(html).toContain("<dt>Last seen</dt><dd>2026-11-30 12:34 UTC</dd>");
    expect(html).toContain("<dt>Messages</dt><dd>42</dd>");
    expect(html).toContain("<dt>Balance</dt><dd>1234</dd>");
    expect(html).toContain("discord: eve (300000000000000001)");
    expect(html).toContain("twitch: EveTV (eve_tw)");
    expect(html).toContain(`joined with invite gate from ${inviter}`);
    expect(html).toContain("evecode: 2 joins");
    // Numbers as the page shows them (">777<"): bare, they could turn up inside any snowflake on the page.
    for (const leak of [
      "other secret",
      "note from the other guild",
      ">777<",
      ">9876<",
      "othergate",
      "eveother",
    ]) {
      expect(html).not.toContain(leak);
    }
  });

  it("reads the page in the same number of statements however long the member's history", async () => {
    const queries = dashboard.app.database.queries;
    const long = await queries.record(() => browser.get(memberPath(eve)));
    const short = await queries.record(() => browser.get(memberPath(quiet)));
    expect(long.result.status).toBe(200);
    expect(short.result.status).toBe(200);
    expect(long.statements.length).toBe(short.statements.length);
    expect(long.statements.length).toBeLessThanOrEqual(12);
  });

  it("says plainly when Warden has no record of someone, and refuses a malformed id", async () => {
    const none = await browser.get(memberPath(stranger));
    expect(none.status).toBe(200);
    expect(none.html).toContain(`Warden has no record of member ${stranger} in this server`);
    const bad = await browser.get(memberPath("eve"));
    expect(bad.status).toBe(400);
    expect(bad.html).not.toContain("incident");
  });

  it("links member ids on the cases page and on a case page to the member page", async () => {
    const cases = await browser.get(`/guilds/${guild.id}/cases?member=${eve}`);
    expect(cases.html).toContain(`<a href="${memberPath(eve)}">&lt;b&gt;eve&lt;/b&gt; (${eve})</a>`);
    const kase = await browser.get(`/guilds/${guild.id}/cases/31`);
    expect(kase.html).toContain(`<a href="${memberPath(quiet)}">${quiet}</a>`);
  });

  it("shows a moderator of this guild nothing of another guild's member under this guild's URL", async () => {
    const page = await browser.get(memberPath(eve, other.id));
    expect(page.status).toBe(403);
    expect(page.html).not.toContain("other secret");
  });
});
