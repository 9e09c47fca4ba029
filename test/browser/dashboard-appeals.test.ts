import { mkdirSync } from "node:fs";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { dashboardEnv } from "../support/dashboard-app";
import { eventually } from "../support/eventually";
import { freePort } from "../support/free-port";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";
import { CHROMIUM_PATH, describeWithChromium } from "./chromium";
import { customIdOf } from "../support/components";

const DATABASE = `warden_browser_dashboard_appeals_w${process.env.JEST_WORKER_ID ?? "0"}`;
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts");

/** An appeal decided in Chromium against a real Warden process: keyboard only, and at 375 px. */
describeWithChromium("the dashboard's appeal page in a browser", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let main: MainProcess;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Appeal Browser Guild" });
    mod = sim.createUser({ username: "banmod" });
    const role = guild.createRole({
      name: "Banners",
      position: 5,
      permissions: PermissionFlagsBits.BanMembers | PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [role.id] });
    const appealsChannelId = guild.createChannel({ name: "appeals" }).id;
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
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await main?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  /** A member banned with /ban who appealed from the DM's button. */
  async function appealed(name: string): Promise<SimUser> {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    await sim
      .command({ guildId: guild.id, userId: mod.id, name: "ban", options: { user: user.id, reason: "spam" } })
      .answer();
    const opened = await sim
      .dmButton({ userId: user.id, customId: customIdOf(sim.dmsTo(user.id).at(-1), "appeal") })
      .answer();
    await sim
      .dmModalSubmit({
        userId: user.id,
        customId: opened.modal?.custom_id ?? "",
        fields: { reason: "I am sorry" },
      })
      .answer();
    return user;
  }

  async function signedIn(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByRole("link", { name: "Sign in with Discord" }).click();
    await page.getByLabel("Signed in to Discord as").selectOption(mod.id);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${base}/guilds`);
    return { context, page };
  }

  it("opens an appeal from the queue and accepts it from the keyboard at 375 px: the member is unbanned", async () => {
    const user = await appealed("keyboarduser");
    const { context, page } = await signedIn(375);
    await page.goto(`${base}/guilds/${guild.id}/appeals`);
    await page
      .getByRole("link", { name: /^#\d+$/ })
      .first()
      .click();
    await page.waitForURL(/\/appeals\/\d+$/);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-appeal-375px.png"), fullPage: true });
    const focused = () =>
      page.evaluate<string>("document.activeElement ? document.activeElement.textContent : ''");
    for (let presses = 0; presses < 40 && (await focused()) !== "Accept and unban"; presses += 1) {
      await page.keyboard.press("Tab");
    }
    expect(await focused()).toBe("Accept and unban");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?saved=accepted$/);
    expect(await page.getByRole("status").textContent()).toMatch(/was accepted/);
    expect(await page.getByRole("button", { name: "Accept and unban" }).count()).toBe(0);
    expect(await page.content()).toContain("Decided by");
    await eventually(() => !guild.bans.has(user.id), 5000, "the simulator's unban");
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
    await context.close();
  });
});
