import { PermissionFlagsBits } from "discord.js";
import { AppealsCog } from "../../src/cogs/appeals/appeals-cog";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { AppealController } from "../../src/controllers/appeal-controller";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { eventually } from "../support/eventually";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";
import { customIdOf } from "../support/components";

const DATABASE = `warden_e2e_dashboard_appeals_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(60_000);

/** An appeal's page, and Accept / Reject on it: the appeal post buttons' path, the web moderator recorded. */
describe("dashboard appeal page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let banMod: SimUser;
  let viewerOnly: SimUser;
  let appealsChannelId: string;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let appeals: AppealController;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Appeals Web" });
    other = sim.createGuild({ name: "Elsewhere" });
    const banners = guild.createRole({
      name: "Banners",
      position: 5,
      permissions: PermissionFlagsBits.BanMembers | PermissionFlagsBits.ModerateMembers,
    });
    banMod = sim.createUser({ username: "banmod" });
    guild.addMember(banMod.id, { roles: [banners.id] });
    viewerOnly = moderatorIn(sim, guild, "timeoutmod");
    appealsChannelId = guild.createChannel({ name: "appeals" }).id;
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog, AppealsCog],
    });
    appeals = dashboard.app.container.resolve(AppealController);
    cases = dashboard.app.container.resolve(CaseController);
    const on = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "appeals",
        subcommand: "channel",
        options: { channel: appealsChannelId },
      })
      .answer();
    expect(on.content).toMatch(/^Appeals are on/);
    browser = dashboard.browser();
    await browser.signIn(banMod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  /** A member banned with /ban who appealed from the ban DM: the member, the ban case, the appeal id. */
  async function appealed(name: string, text: string) {
    const user = sim.createUser({ username: name });
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
    const ban = (await cases.list(guild.id, { targetId: user.id }, { limit: 1 })).items[0];
    if (!ban) throw new Error("no ban case");
    const opened = await sim
      .dmButton({ userId: user.id, customId: customIdOf(sim.dmsTo(user.id).at(-1), "appeal") })
      .answer();
    await sim
      .dmModalSubmit({ userId: user.id, customId: opened.modal?.custom_id ?? "", fields: { reason: text } })
      .answer();
    const id = (await appeals.ofUser(user.id, 1))[0]?.id;
    if (id === undefined) throw new Error("no appeal stored");
    return { user, ban, id };
  }
  const appealPath = (id: number) => `/guilds/${guild.id}/appeals/${id}`;
  const postOf = (id: number) =>
    guild.channels.get(appealsChannelId)?.messages.find((post) => post.embeds[0]?.title === `Appeal #${id}`);
  const tokenOf = async (id: number) => DashboardClient.csrfToken((await browser.get(appealPath(id))).html);
  const unbansOf = async (userId: string) =>
    (await cases.list(guild.id, { targetId: userId, includeVoided: true }, { limit: 10 })).items.filter(
      (kase) => kase.type === CaseType.Unban,
    );

  it("shows the appeal, its ban case, member and history, escaped, with Accept and Reject", async () => {
    const { user, ban, id } = await appealed("paula", "<b>sorry</b> & more");
    const page = await browser.get(appealPath(id));
    expect(page.status).toBe(200);
    expect(page.html).toContain("&lt;b&gt;sorry&lt;/b&gt; &amp; more");
    expect(page.html).not.toContain("<b>sorry</b>");
    expect(page.html).toContain(`href="/guilds/${guild.id}/cases/${ban.number}"`);
    expect(page.html).toContain(`href="/guilds/${guild.id}/members/${user.id}"`);
    expect(page.html).toContain(`${user.id} sent it`);
    expect(page.html).toContain(`action="${appealPath(id)}/accept"`);
    expect(page.html).toContain(`action="${appealPath(id)}/reject"`);
    const list = await browser.get(`/guilds/${guild.id}/appeals`);
    expect(list.html).toContain(`href="${appealPath(id)}"`);
  });

  it("accepts as the web moderator: unbanned on Discord, Unban case, member told, post edited, no buttons", async () => {
    const { user, ban, id } = await appealed("quinn", "please");
    const done = await browser.post(`${appealPath(id)}/accept`, { _csrf: await tokenOf(id) });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${appealPath(id)}?saved=accepted`);
    expect(guild.bans.has(user.id)).toBe(false);
    const [unban] = await unbansOf(user.id);
    expect(unban).toMatchObject({ moderatorId: banMod.id, refCaseId: ban.id, voided: false });
    expect(await appeals.inGuild(guild.id, id)).toMatchObject({
      status: "accepted",
      decidedBy: banMod.id,
      unbanCaseId: unban?.id,
    });
    expect(sim.dmsTo(user.id).at(-1)?.content).toBe(
      "Your appeal in Appeals Web was accepted: your ban is lifted.",
    );
    await eventually(() => postOf(id)?.components.length === 0, 3000, "the post edited");
    expect(JSON.stringify(postOf(id)?.embeds[0]?.fields)).toContain(`Accepted by <@${banMod.id}>`);
    const page = await browser.get(done.location ?? "");
    expect(page.html).toContain(`Appeal ${id} was accepted`);
    expect(page.html).toContain("Decided by");
    expect(page.html).toContain(`${banMod.id} accepted it`);
    expect(page.html).toContain(`href="/guilds/${guild.id}/cases/${unban?.number}"`);
    expect(page.html).not.toContain('/accept"');
    expect(page.html).not.toContain('/reject"');
  });

  it("rejects with a reason (required), tells the member, keeps the ban", async () => {
    const { user, id } = await appealed("rhea", "let me back");
    const token = await tokenOf(id);
    const blank = await browser.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "  " });
    expect(blank.status).toBe(400);
    const long = await browser.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "x".repeat(513) });
    expect(long.status).toBe(400);
    expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    const done = await browser.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "<not> yet" });
    expect(done.status).toBe(303);
    expect(await appeals.inGuild(guild.id, id)).toMatchObject({
      status: "rejected",
      decidedBy: banMod.id,
      decisionReason: "<not> yet",
    });
    expect(guild.bans.has(user.id)).toBe(true);
    expect(sim.dmsTo(user.id).at(-1)?.content).toBe("Your appeal in Appeals Web was rejected: <not> yet");
    const page = await browser.get(appealPath(id));
    expect(page.html).toContain("&lt;not&gt; yet");
    expect(page.html).not.toContain('/accept"');
    const again = await browser.post(`${appealPath(id)}/accept`, { _csrf: token });
    expect(again.status).toBe(400);
    expect(again.html).toContain("This appeal is already rejected.");
    expect(guild.bans.has(user.id)).toBe(true);
  });

  it("refuses a moderator who may not unban, a form without CSRF, and another guild's appeal id", async () => {
    const { user, id } = await appealed("sven", "sorry");
    const timeoutMod = dashboard.browser();
    await timeoutMod.signIn(viewerOnly);
    const seen = await timeoutMod.get(appealPath(id));
    expect(seen.status).toBe(200);
    expect(seen.html).not.toContain('/accept"');
    const token = DashboardClient.csrfToken(seen.html);
    const refused = await timeoutMod.post(`${appealPath(id)}/accept`, { _csrf: token });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Only moderators who may unban members can decide appeals.");
    expect((await timeoutMod.post(`${appealPath(id)}/reject`, { _csrf: token, reason: "no" })).status).toBe(
      403,
    );
    expect((await browser.post(`${appealPath(id)}/accept`, {})).status).toBe(403);
    expect((await appeals.inGuild(guild.id, id)).status).toBe("open");
    expect(guild.bans.has(user.id)).toBe(true);

    const foreignBan = await makeCase(dashboard.app.container, {
      guildId: other.id,
      type: CaseType.Ban,
      targetId: "300000000000000021",
    });
    const foreign = await appeals.submit(
      { guildId: other.id, banCaseId: foreignBan.id, userId: "300000000000000021", text: "secret of B" },
      foreignBan.number,
    );
    const crossed = await browser.get(`/guilds/${guild.id}/appeals/${foreign.id}`);
    expect(crossed.status).toBe(400);
    expect(crossed.html).toContain(`There is no appeal #${foreign.id} in this server.`);
    expect(crossed.html).not.toContain("secret of B");
    const pressed = await browser.post(`/guilds/${guild.id}/appeals/${foreign.id}/accept`, {
      _csrf: await tokenOf(id),
    });
    expect(pressed.status).toBe(400);
    expect(pressed.html).not.toContain("secret of B");
    expect((await appeals.inGuild(other.id, foreign.id)).status).toBe("open");
  });

  it("a web Accept racing the post's Accept button ends with one decision and one Unban case", async () => {
    for (const name of ["tove", "uma", "vera"]) {
      const { user, id } = await appealed(name, "both at once");
      const token = await tokenOf(id);
      const post = postOf(id);
      const [web, discord] = await Promise.all([
        browser.post(`${appealPath(id)}/accept`, { _csrf: token }),
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
      const webWon = web.status === 303;
      const discordWon = /accepted: \w+ is unbanned/.test(discord.content);
      expect([webWon, discordWon].filter(Boolean)).toHaveLength(1);
      const unbans = await unbansOf(user.id);
      expect(unbans.filter((kase) => !kase.voided)).toHaveLength(1);
      const events = (await appeals.history(id)).map((event) => event.kind);
      expect(events).toEqual(["submitted", "accepted"]);
      expect(guild.bans.has(user.id)).toBe(false);
    }
  });
});
