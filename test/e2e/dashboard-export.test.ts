import { CSV_HEADER } from "../../src/cogs/cases/case-csv";
import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_export_w${process.env.JEST_WORKER_ID ?? "0"}`;
const CASES = 230; // more than two pages of the export's 100

interface ExportFile {
  format: string;
  guildId: string;
  cases: Array<{ number: number; type: string; reason: string; edits?: Array<{ note: string | null }> }>;
}

/** The cases export download: the cases page's filters, the toolbox's formats, page by page. */
describe("dashboard cases export", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  const target = "300000000000000009";

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Export Guild" });
    const other = sim.createGuild({ name: "Other" });
    mod = moderatorIn(sim, guild, "mod");
    dashboard = await startDashboard({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
    });
    const container = dashboard.app.container;
    for (let index = 1; index <= CASES - 2; index += 1) {
      await makeCase(container, { guildId: guild.id, moderatorId: mod.id, reason: `ordinary ${index}` });
    }
    await makeCase(container, {
      guildId: guild.id,
      type: CaseType.Ban,
      targetId: target,
      moderatorId: mod.id,
      reason: '=HYPERLINK("http://evil.example") phishing steam-gift.example',
    });
    await makeCase(container, { guildId: guild.id, moderatorId: mod.id, reason: 'last, with "quotes"' });
    await container.resolve(CaseAnnotations).addNote(guild.id, 5, mod.id, "steam-gift.example again");
    await makeCase(container, { guildId: other.id, moderatorId: mod.id, reason: "other guild's case" });
    browser = dashboard.browser();
    await browser.signIn(mod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  async function download(query: string): Promise<Response> {
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return fetch(`${browser.base}/guilds/${guild.id}/cases/export?${query}`, {
      headers: { cookie, "accept-language": "en" },
      redirect: "manual",
    });
  }

  it("downloads every case of the guild as CSV, newest first, as an attachment", async () => {
    const response = await download("format=csv&state=all");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="cases-${guild.id}.csv"`);
    const text = await response.text();
    expect(text.startsWith(CSV_HEADER)).toBe(true);
    const rows = text.slice(CSV_HEADER.length).split("\r\n").filter(Boolean);
    expect(rows).toHaveLength(CASES);
    expect(rows.map((row) => Number(row.split(",")[0]))).toEqual(
      Array.from({ length: CASES }, (_, index) => CASES - index),
    );
    expect(rows[0]).toContain('"last, with ""quotes"""');
    // The toolbox's guard against spreadsheet formulas.
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://evil.example"") phishing steam-gift.example"`);
    expect(text).not.toContain("other guild's case");
  });

  it("downloads the toolbox's JSON export, with each case's history", async () => {
    const response = await download("format=json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="cases-${guild.id}.json"`);
    const file = (await response.json()) as ExportFile;
    expect(file.format).toBe("warden-cases");
    expect(file.guildId).toBe(guild.id);
    expect(file.cases).toHaveLength(CASES);
    expect(file.cases[0]?.number).toBe(CASES);
    const noted = file.cases.find((kase) => kase.number === 5);
    expect(noted?.edits?.map((edit) => edit.note)).toEqual(["steam-gift.example again"]);
  });

  it("applies the cases page's filters: type, member, text search", async () => {
    const bans = (await download("format=json&type=ban").then((r) => r.json())) as ExportFile;
    expect(bans.cases.map((kase) => kase.number)).toEqual([CASES - 1]);
    const member = (await download(`format=json&member=${target}`).then((r) => r.json())) as ExportFile;
    expect(member.cases.map((kase) => kase.number)).toEqual([CASES - 1]);
    const found = (await download("format=json&q=steam-gift.example").then((r) => r.json())) as ExportFile;
    expect(found.cases.map((kase) => kase.number)).toEqual([CASES - 1, 5]);
    const none = await download("format=csv&from=2999-01-01");
    expect(await none.text()).toBe(CSV_HEADER);
  });

  it("records every filter it was made with in the JSON header", async () => {
    const query = `format=json&type=ban&member=${target}&moderator=${mod.id}&state=all&from=2000-01-02&to=2999-01-01&q=steam-gift.example`;
    const file = (await download(query).then((r) => r.json())) as ExportFile & { filter: unknown };
    expect(file.cases.map((kase) => kase.number)).toEqual([CASES - 1]);
    expect(file.filter).toEqual({
      type: "ban",
      targetId: target,
      moderatorId: mod.id,
      state: "all",
      since: "2000-01-02T00:00:00.000Z",
      before: "2999-01-02T00:00:00.000Z",
      text: "steam-gift.example",
    });
    const plain = (await download("format=json").then((r) => r.json())) as ExportFile & { filter: unknown };
    expect(plain.filter).toEqual({ state: "active" });
  });

  it("refuses an unknown format or filter with a short page", async () => {
    const format = await download("format=xlsx");
    expect(format.status).toBe(400);
    expect(await format.text()).toContain("A filter was not understood: File format.");
    const member = await download("format=csv&member=bob");
    expect(member.status).toBe(400);
    expect(await member.text()).toContain("A filter was not understood: Member id.");
  });

  it("searches past a NUL character (dropped, as the bot drops it from Discord's text) instead of failing", async () => {
    const found = (await download("format=json&q=steam-gift%00.example").then((r) => r.json())) as ExportFile;
    expect(found.cases.map((kase) => kase.number)).toEqual([CASES - 1, 5]);
    const page = await browser.get(`/guilds/${guild.id}/cases?q=steam-gift%00.example`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`>#${CASES - 1}</a>`);
    expect(dashboard.logs.find((line) => line.incidentId !== undefined)).toBeUndefined();
  });

  it("links the download from the cases page, keeping its filters", async () => {
    const page = await browser.get(`/guilds/${guild.id}/cases?type=ban&q=phishing`);
    expect(page.html).toContain(
      `<a href="/guilds/${guild.id}/cases/export?format=csv&amp;type=ban&amp;state=active&amp;q=phishing" download>Download these cases (CSV)</a>`,
    );
    expect(page.html).toContain("Download these cases (JSON)");
  });
});
