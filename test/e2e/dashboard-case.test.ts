import { PermissionFlagsBits } from "discord.js";
import { ModLog } from "../../src/cogs/cases/mod-log";
import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { DashboardClient } from "../support/dashboard-client";
import { startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_case_w${process.env.JEST_WORKER_ID ?? "0"}`;

interface EditRow {
  editor_id: string;
  field: string;
  before: string | null;
  after: string | null;
  note: string | null;
}

/** A case in the browser: its history, and changing its reason or adding a note as `/case` does. */
describe("dashboard case page", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let mod: SimUser;
  let otherMod: SimUser;
  let modsRoleId: string;
  let modLogChannelId: string;
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Alpha" });
    other = sim.createGuild({ name: "Beta" });
    mod = sim.createUser({ username: "webmod" });
    otherMod = sim.createUser({ username: "betamod" });
    modsRoleId = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    guild.addMember(mod.id, { roles: [modsRoleId] });
    const betaMods = other.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers }).id;
    other.addMember(otherMod.id, { roles: [betaMods] });
    other.addMember(mod.id);
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    await dashboard.app.container.resolve(GuildConfigController).setModLogChannel(guild.id, modLogChannelId);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  /** A case with its mod-log message posted, as a moderation command leaves it. */
  async function postedCase(guildId: string, reason: string): Promise<number> {
    const kase = await makeCase(dashboard.app.container, { guildId, moderatorId: otherMod.id, reason });
    await dashboard.app.container.resolve(ModLog).publish(dashboard.app.bot.client, kase);
    return kase.number;
  }

  const edits = async (guildId: string, number: number): Promise<EditRow[]> =>
    (
      await dashboard.app.database.sql<EditRow>(
        `SELECT e.editor_id::text, e.field, e.before, e.after, e.note FROM case_edits e
         JOIN cases c ON c.id = e.case_id WHERE c.guild_id = $1 AND c.number = $2 ORDER BY e.id`,
        [guildId, number],
      )
    ).rows;

  async function moderatorBrowser(user = mod): Promise<DashboardClient> {
    const browser = dashboard.browser();
    await browser.signIn(user);
    return browser;
  }

  it("changes the reason like /case reason: history with the web moderator, the mod-log message edited", async () => {
    const number = await postedCase(guild.id, "first reason");
    const browser = await moderatorBrowser();
    const page = await browser.get(`/guilds/${guild.id}/cases/${number}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("first reason");
    const modLogMessage = (
      await dashboard.app.container.resolve(CaseController).getByNumber(guild.id, number)
    )?.modLogMessageId;
    expect(modLogMessage).toBeTruthy();

    const saved = await browser.post(`/guilds/${guild.id}/cases/${number}/reason`, {
      _csrf: DashboardClient.csrfToken(page.html),
      reason: "a better reason",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/guilds/${guild.id}/cases/${number}?saved=reason`);
    expect(await edits(guild.id, number)).toEqual([
      { editor_id: mod.id, field: "reason", before: "first reason", after: "a better reason", note: null },
    ]);
    const patched = sim.requests.filter("PATCH", `/channels/${modLogChannelId}/messages/${modLogMessage}`);
    expect(JSON.stringify(patched.at(-1)?.body)).toContain("a better reason");
    const after = await browser.get(saved.location ?? "");
    expect(after.html).toContain(`The reason of case ${number} was changed.`);
    expect(after.html).toContain(`changed Reason`);
    expect(after.html).toContain("first reason → a better reason");
  });

  it("adds a note like /case note, the reason untouched", async () => {
    const number = await postedCase(guild.id, "kept reason");
    const browser = await moderatorBrowser();
    const page = await browser.get(`/guilds/${guild.id}/cases/${number}`);
    const saved = await browser.post(`/guilds/${guild.id}/cases/${number}/note`, {
      _csrf: DashboardClient.csrfToken(page.html),
      text: "<i>checked</i> with the member",
    });
    expect(saved.status).toBe(303);
    expect(await edits(guild.id, number)).toEqual([
      { editor_id: mod.id, field: "note", before: null, after: null, note: "<i>checked</i> with the member" },
    ]);
    const after = await browser.get(saved.location ?? "");
    expect(after.html).toContain("&lt;i&gt;checked&lt;/i&gt; with the member");
    expect(after.html).toContain("kept reason");
  });

  it("refuses a POST without the page's CSRF token, or with a forged one", async () => {
    const number = await postedCase(guild.id, "untouched");
    const browser = await moderatorBrowser();
    const none = await browser.post(`/guilds/${guild.id}/cases/${number}/reason`, { reason: "sneaky" });
    const forged = await browser.post(`/guilds/${guild.id}/cases/${number}/note`, {
      _csrf: "x",
      text: "sneaky",
    });
    expect([none.status, forged.status]).toEqual([403, 403]);
    expect(await edits(guild.id, number)).toEqual([]);
  });

  it("refuses another guild's case to a moderator of this one, read or written", async () => {
    const betaCase = await postedCase(other.id, "beta's own");
    const browser = await moderatorBrowser();
    const alphaPage = await browser.get(`/guilds/${guild.id}/cases`);
    const token = DashboardClient.csrfToken(alphaPage.html);
    expect((await browser.get(`/guilds/${other.id}/cases/${betaCase}`)).status).toBe(403);
    const write = await browser.post(`/guilds/${other.id}/cases/${betaCase}/reason`, {
      _csrf: token,
      reason: "x",
    });
    expect(write.status).toBe(403);
    expect(await edits(other.id, betaCase)).toEqual([]);
  });

  it("refuses a moderator demoted between loading the page and sending the form", async () => {
    const number = await postedCase(guild.id, "before demotion");
    const browser = await moderatorBrowser();
    const page = await browser.get(`/guilds/${guild.id}/cases/${number}`);
    sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: mod.id, remove: [modsRoleId] });
    try {
      const saved = await browser.post(`/guilds/${guild.id}/cases/${number}/reason`, {
        _csrf: DashboardClient.csrfToken(page.html),
        reason: "after demotion",
      });
      expect(saved.status).toBe(403);
      expect(await edits(guild.id, number)).toEqual([]);
    } finally {
      sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: mod.id, add: [modsRoleId] });
    }
  });

  it("says why not, briefly: a deleted case's reason, an empty reason, a case that does not exist", async () => {
    const number = await postedCase(guild.id, "to delete");
    await dashboard.app.container.resolve(CaseController).void(guild.id, number, otherMod.id, "mistake");
    const browser = await moderatorBrowser();
    const page = await browser.get(`/guilds/${guild.id}/cases/${number}`);
    expect(page.html).toContain("This case is deleted.");
    expect(page.html).not.toContain('name="reason"');
    const token = DashboardClient.csrfToken(page.html);
    const locked = await browser.post(`/guilds/${guild.id}/cases/${number}/reason`, {
      _csrf: token,
      reason: "x",
    });
    expect(locked.status).toBe(400);
    expect(locked.html).not.toMatch(/\n\s+at /);
    const live = await postedCase(guild.id, "live");
    const empty = await browser.post(`/guilds/${guild.id}/cases/${live}/reason`, {
      _csrf: token,
      reason: "  ",
    });
    expect(empty.status).toBe(400);
    expect((await browser.get(`/guilds/${guild.id}/cases/99999`)).status).toBe(400);
    expect((await browser.get(`/guilds/${guild.id}/cases/abc`)).status).toBe(400);
  });

  it("deletes like /case delete: voided with the reason in its history, the mod-log message edited, no more forms", async () => {
    const number = await postedCase(guild.id, "a mistake");
    const browser = await moderatorBrowser();
    const page = await browser.get(`/guilds/${guild.id}/cases/${number}`);
    expect(page.html).toContain(`action="/guilds/${guild.id}/cases/${number}/delete"`);
    expect(page.html).toContain('<label for="delete-reason">Why delete this case</label>');
    const token = DashboardClient.csrfToken(page.html);
    const blank = await browser.post(`/guilds/${guild.id}/cases/${number}/delete`, {
      _csrf: token,
      reason: " ",
    });
    expect(blank.status).toBe(400);
    expect(
      (await dashboard.app.container.resolve(CaseController).getByNumber(guild.id, number))?.voided,
    ).toBe(false);
    const deleted = await browser.post(`/guilds/${guild.id}/cases/${number}/delete`, {
      _csrf: token,
      reason: "wrong member",
    });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe(`/guilds/${guild.id}/cases/${number}?saved=deleted`);
    const kase = await dashboard.app.container.resolve(CaseController).getByNumber(guild.id, number);
    expect(kase?.voided).toBe(true);
    expect((await edits(guild.id, number)).map((edit) => [edit.editor_id, edit.field, edit.note])).toEqual([
      [mod.id, "voided", "wrong member"],
    ]);
    const patched = sim.requests.filter(
      "PATCH",
      `/channels/${modLogChannelId}/messages/${kase?.modLogMessageId}`,
    );
    expect(patched.length).toBeGreaterThan(0);
    const after = await browser.get(deleted.location ?? "");
    expect(after.html).toContain(`Case ${number} was deleted.`);
    expect(after.html).toContain("This case is deleted.");
    expect(after.html).not.toContain("/delete");
    const again = await browser.post(`/guilds/${guild.id}/cases/${number}/delete`, {
      _csrf: token,
      reason: "twice",
    });
    expect(again.status).toBe(400);
    expect(again.html).not.toMatch(/\n\s+at /);
  });

  it("shows the case's evidence (only an https address as a link) and the case it refers to", async () => {
    const container = dashboard.app.container;
    const earlier = await postedCase(guild.id, "the first time");
    const number = await postedCase(guild.id, "again");
    await container.resolve(CaseController).link(guild.id, number, earlier, mod.id);
    const annotations = container.resolve(CaseAnnotations);
    await annotations.addEvidence(guild.id, number, otherMod.id, {
      kind: "file",
      url: "https://cdn.discordapp.com/attachments/1/2/proof.png",
      fileName: "<b>proof</b>.png",
      sizeBytes: 12_800,
      sha256: "ab".repeat(32),
    });
    await annotations.addEvidence(guild.id, number, otherMod.id, {
      kind: "link",
      url: `https://discord.com/channels/${guild.id}/1/2`,
    });
    const kase = await container.resolve(CaseController).getByNumber(guild.id, number);
    await dashboard.app.database.sql(
      `INSERT INTO case_evidence (case_id, kind, url, added_by) VALUES ($1, 'link', 'javascript:alert(1)', $2)`,
      [kase?.id, otherMod.id],
    );
    const page = await (await moderatorBrowser()).get(`/guilds/${guild.id}/cases/${number}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Evidence (3)");
    expect(page.html).toContain(
      '<a href="https://cdn.discordapp.com/attachments/1/2/proof.png" rel="noopener noreferrer">&lt;b&gt;proof&lt;/b&gt;.png</a> (12.5 KB, SHA-256 abababababababab…)',
    );
    expect(page.html).toContain(
      `<a href="https://discord.com/channels/${guild.id}/1/2" rel="noopener noreferrer">`,
    );
    expect(page.html).not.toContain('href="javascript:');
    expect(page.html).toContain("javascript:alert(1)");
    expect(page.html).toContain(`added by ${otherMod.id}`);
    expect(page.html).toContain(`<a href="/guilds/${guild.id}/cases/${earlier}">#${earlier}</a>`);
  });
});
