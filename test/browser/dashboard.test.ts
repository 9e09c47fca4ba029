import { mkdirSync } from "node:fs";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DiscordSimulator, type CommandInput, type SimGuild, type SimUser } from "../../simulator";
import { dashboardEnv } from "../support/dashboard-app";
import { eventually } from "../support/eventually";
import { freePort } from "../support/free-port";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";
import { CHROMIUM_PATH, describeWithChromium } from "./chromium";

const DATABASE = `warden_browser_dashboard_w${process.env.JEST_WORKER_ID ?? "0"}`;
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts");

/** The dashboard in headless Chromium against a real Warden process (`src/main.ts`) and the simulator. */
describeWithChromium("the dashboard in a browser", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let mod: SimUser;
  let member: SimUser;
  let eve: SimUser;
  let modsRoleId: string;
  let modLogChannelId: string;
  let newModLogChannelId: string;
  let reportId: string;
  let main: MainProcess;
  let browser: Browser;
  let base: string;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Browser Guild" });
    other = sim.createGuild({ name: "Other Guild" });
    mod = sim.createUser({ username: "webmod" });
    member = sim.createUser({ username: "plainmember" });
    eve = sim.createUser({ username: "eve" });
    // Manage Server too: the statistics page asks what /stats asks.
    modsRoleId = guild.createRole({
      name: "Mods",
      permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageGuild,
    }).id;
    guild.addMember(mod.id, { roles: [modsRoleId] });
    guild.addMember(member.id);
    guild.addMember(eve.id);
    other.addMember(mod.id);
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    newModLogChannelId = guild.createChannel({ name: "new-mod-log" }).id;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    main = new MainProcess({
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DATABASE_URL: await createDatabase(DATABASE, { migrated: true }),
      LOG_LEVEL: "info",
      ...dashboardEnv(sim, port),
    });
    await main.waitForLog("dashboard listening");
    await main.waitForLog("Warden is running");
    const owner = guild.ownerId;
    const modlog = await sim
      .command({
        guildId: guild.id,
        userId: owner,
        name: "config",
        subcommand: "modlog",
        options: { channel: modLogChannelId },
      })
      .answer();
    expect(modlog.ephemeral).toBe(true);
    for (const reason of ["spamming invites", "phishing link steam-gift.example in #general", "flooding"]) {
      await sim
        .command({ guildId: guild.id, userId: mod.id, name: "warn", options: { user: eve.id, reason } })
        .answer();
    }
    const reportsChannelId = guild.createChannel({ name: "reports" }).id;
    const setUp: Array<Pick<CommandInput, "name" | "subcommand" | "options">> = [
      { name: "economy", subcommand: "add", options: { user: eve.id, amount: 250, reason: "seed" } },
      { name: "reports", subcommand: "channel", options: { channel: reportsChannelId } },
    ];
    for (const command of setUp) {
      const reply = await sim.command({ guildId: guild.id, userId: owner, ...command }).answer();
      expect(reply.ephemeral).toBe(true);
    }
    const reported = await sim
      .command({
        guildId: guild.id,
        userId: member.id,
        name: "report",
        options: { user: eve.id, reason: "posts scam links in #general" },
      })
      .answer();
    reportId = /^Thank you: your report #(\d+)/.exec(reported.content ?? "")?.[1] ?? "";
    expect(reportId).not.toBe("");
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await main?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  async function newContext(width = 1280): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "en-US" });
    context.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    return context;
  }

  /** Signs in through the simulator's consent page as `user`; the page ends on the guild picker. */
  async function signIn(context: BrowserContext, user: SimUser): Promise<Page> {
    const page = await context.newPage();
    await page.goto(base);
    await page.getByRole("link", { name: "Sign in with Discord" }).click();
    await page.getByLabel("Signed in to Discord as").selectOption(user.id);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${base}/guilds`);
    return page;
  }

  it("signs a moderator in, finds a case by text, changes its reason, shows the history and edits the mod log", async () => {
    const context = await newContext();
    const page = await signIn(context, mod);
    await page.getByRole("link", { name: "Browser Guild" }).click();
    await page.waitForURL(`${base}/guilds/${guild.id}/cases`);
    await page.getByLabel("Text in reasons and notes").fill("steam-gift.example");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/q=steam-gift.example/);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-cases.png"), fullPage: true });

    await rows
      .first()
      .getByRole("link", { name: /^#\d+$/ })
      .click();
    await page.getByLabel("New reason").fill("phishing link, confirmed by two moderators");
    await page.getByRole("button", { name: "Change the reason" }).click();
    await page.waitForURL(/saved=reason/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(
      /The reason of case \d+ was changed\./,
    );
    const history = await page.locator("ol.history").textContent();
    expect(history).toContain("changed Reason");
    expect(history).toContain(
      "phishing link steam-gift.example in #general → phishing link, confirmed by two moderators",
    );
    const patches = sim.requests.filter("PATCH", new RegExp(`^/channels/${modLogChannelId}/messages/`));
    expect(JSON.stringify(patches.at(-1)?.body)).toContain("phishing link, confirmed by two moderators");
    await context.close();
  });

  it("draws a chart per statistics table with Chart.js, with no console error, also at 375 px", async () => {
    for (const width of [1280, 375]) {
      const context = await newContext(width);
      const page = await signIn(context, mod);
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const scripts = ["/static/chart.umd.min.js", "/static/stats-charts.js"].map((script) =>
        page.waitForResponse(`${base}${script}`),
      );
      await page.goto(`${base}/guilds/${guild.id}/stats`);
      for (const loaded of await Promise.all(scripts)) expect(loaded.status()).toBe(200);
      await page.waitForFunction(
        "document.querySelectorAll('.chart canvas').length === document.querySelectorAll('table[data-chart]').length",
      );
      expect(await page.evaluate<boolean>("typeof window.Chart === 'function'")).toBe(true);
      const sizes = await page.evaluate<Array<{ label: string | null; width: number; height: number }>>(
        `[...document.querySelectorAll('.chart canvas')].map((canvas) => ({
          label: canvas.getAttribute('aria-label'), width: canvas.width, height: canvas.height }))`,
      );
      expect(sizes.length).toBeGreaterThanOrEqual(1);
      expect(sizes[0]?.label).toBe("Chart: Cases per week by type (last 12 weeks)");
      for (const size of sizes) {
        expect(size.width).toBeGreaterThan(0);
        expect(size.height).toBeGreaterThan(0);
      }
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      const suffix = width === 375 ? "-375px" : "";
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-stats${suffix}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("is usable at 375 px and from the keyboard", async () => {
    const context = await newContext(375);
    const page = await signIn(context, mod);
    await page.goto(`${base}/guilds/${guild.id}/cases`);
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth");
    expect(overflow).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-cases-375px.png"), fullPage: true });
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Skip to content");
    await context.close();
  });

  it("goes from a case to the member's page, sees their cases and balance, then the reports queue", async () => {
    const context = await newContext();
    const page = await signIn(context, mod);
    await page.goto(`${base}/guilds/${guild.id}/cases?member=${eve.id}`);
    await page
      .locator("tbody tr")
      .first()
      .getByRole("link", { name: /^#\d+$/ })
      .click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page
      .locator("dl.case")
      .getByRole("link", { name: new RegExp(eve.id) })
      .click();
    await page.waitForURL(`${base}/guilds/${guild.id}/members/${eve.id}`);
    expect(await page.locator("tbody tr").count()).toBe(3);
    expect(await page.locator("tbody").textContent()).toContain("spamming invites");
    const facts = await page.locator("dl.case").textContent();
    expect(facts).toContain("Balance");
    expect(facts).toContain("250");
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-member.png"), fullPage: true });

    await page
      .getByRole("navigation", { name: "Server pages" })
      .getByRole("link", { name: "Reports" })
      .click();
    await page.waitForURL(`${base}/guilds/${guild.id}/reports`);
    const reports = page.locator("tbody tr");
    expect(await reports.count()).toBe(1);
    expect(await reports.first().textContent()).toContain("posts scam links in #general");
    await reports.first().getByRole("link", { name: eve.id }).click();
    await page.waitForURL(`${base}/guilds/${guild.id}/members/${eve.id}`);
    await context.close();
  });

  it("has no horizontal scroll on the member page at 375 px, and a label on every form control", async () => {
    const context = await newContext(375);
    const page = await signIn(context, mod);
    await page.goto(`${base}/guilds/${guild.id}/members/${eve.id}`);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-member-375px.png"), fullPage: true });
    const unlabelled = `[...document.querySelectorAll("input, select, textarea")]
      .filter((control) => control.type !== "hidden")
      .filter((control) => control.labels.length === 0 && !control.getAttribute("aria-label"))
      .map((control) => control.name || control.id)`;
    for (const url of [
      "cases",
      "cases/1",
      `members/${eve.id}`,
      "reports",
      `reports/${reportId}`,
      "appeals",
    ]) {
      await page.goto(`${base}/guilds/${guild.id}/${url}`);
      const controls = await page.evaluate<number>(
        'document.querySelectorAll("input:not([type=hidden]), select, textarea").length',
      );
      expect({ url, unlabelled: await page.evaluate<string[]>(unlabelled) }).toEqual({ url, unlabelled: [] });
      if (url !== `members/${eve.id}`) expect(controls).toBeGreaterThan(0);
    }
    await context.close();
  });

  it("refuses every page to a member without permissions", async () => {
    const context = await newContext();
    const page = await signIn(context, member);
    expect(await page.locator("ul.guilds li").count()).toBe(0);
    const urls = ["", "/cases", "/cases/1", `/members/${eve.id}`, "/reports", "/appeals"].map(
      (page) => `/guilds/${guild.id}${page}`,
    );
    for (const url of urls) {
      const response = await page.goto(`${base}${url}`);
      expect({ url, status: response?.status() }).toEqual({ url, status: 403 });
      expect(await page.textContent("main")).toContain("You are not a moderator of this server now.");
    }
    await context.close();
  });

  it("refuses a moderator demoted mid-session at the next request", async () => {
    const context = await newContext();
    const page = await signIn(context, mod);
    expect((await page.goto(`${base}/guilds/${guild.id}/cases`))?.status()).toBe(200);
    sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: mod.id, remove: [modsRoleId] });
    try {
      expect((await page.reload())?.status()).toBe(403);
    } finally {
      sim.changeRolesAs({ guildId: guild.id, actorId: guild.ownerId, userId: mod.id, add: [modsRoleId] });
    }
    await context.close();
  });

  it("refuses a POST without the CSRF token, and another guild's case", async () => {
    const context = await newContext();
    const page = await signIn(context, mod);
    const posted = await context.request.post(`${base}/guilds/${guild.id}/cases/1/note`, {
      form: { text: "no token" },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect((await page.goto(`${base}/guilds/${other.id}/cases/1`))?.status()).toBe(403);
    await context.close();
  });

  it("lets the owner move the mod log through the settings form, and the next /warn posts there", async () => {
    for (const width of [375, 1280]) {
      const context = await newContext(width);
      const page = await signIn(context, sim.user(guild.ownerId));
      await page.goto(`${base}/guilds/${guild.id}/cases`);
      await page.getByRole("link", { name: "Settings" }).click();
      await page.waitForURL(`${base}/guilds/${guild.id}/settings`);
      const unlabelled = await page.evaluate<string[]>(
        `[...document.querySelectorAll('main select, main input:not([type=hidden]), main textarea, main button')]
          .filter((control) => control.tagName === 'BUTTON'
            ? !control.textContent.trim()
            : control.labels.length === 0 && !control.getAttribute('aria-label'))
          .map((control) => control.outerHTML)`,
      );
      expect(unlabelled).toEqual([]);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      if (width === 375) {
        await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-settings-375px.png"), fullPage: true });
        await context.close();
        continue;
      }
      await page.getByLabel("Mod-log channel").selectOption(newModLogChannelId);
      await page.getByRole("button", { name: "Save the mod-log channel" }).click();
      await page.waitForURL(/saved=mod-log/);
      await expect(page.getByRole("status").textContent()).resolves.toBe(
        "Cases will be posted in #new-mod-log.",
      );
      await context.close();
    }
    const posted = () =>
      sim.requests.filter("POST", new RegExp(`^/channels/${newModLogChannelId}/messages$`)).length;
    await sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "warn",
        options: { user: eve.id, reason: "after the move" },
      })
      .answer();
    await eventually(() => posted() === 1, 5000, "the case in the new mod-log channel");
  });

  it("ran without a Content Security Policy violation", () => {
    expect(cspErrors).toEqual([]);
  });
});
