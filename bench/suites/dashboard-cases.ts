import { PermissionFlagsBits } from "discord.js";
import { cursorAfter } from "../../src/controllers/case-queries";
import { DiscordSimulator, type SimUser } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain } from "../lib/bot-process";
import { DISCORD_CHECKS_LIMIT, ROUTE_LIMITS } from "../../src/dashboard/security-plugins";
import { DashboardClient } from "../../test/support/dashboard-client";
import { progress, type Reporter } from "../lib/output";
import { median, ms, percentile } from "../lib/stats";
import { compareLatencies } from "../lib/timing";
import { freePort } from "../../test/support/free-port";

const CASES = Number(process.env.BENCH_DASHBOARD_CASES ?? 1_000_000);
const GUILD_ID = "900000000000000016";
/** One case in this many carries the phrase searched for. */
const PHRASE_EVERY = 10_000;
const PAGE_SIZE = 50;
/** The deep page: half way down the guild's cases. */
const DEEP_PAGE = Math.floor(CASES / PAGE_SIZE / 2);
/** Text searches are rate-limited to 60 a minute per address: these fit in one window. */
const SEARCH_WARMUP = 5;
const SEARCH_TIMED = 50;
const STATS_WARMUP = 5;
const STATS_TIMED = 50;
const PAGES = { warmup: 20, rounds: 10, perRound: 20 };
/** Every guild page the bench GETs; each spends one of its viewer's moderator checks against Discord. */
const GUILD_PAGES =
  2 * (PAGES.warmup + PAGES.rounds * PAGES.perRound) +
  SEARCH_WARMUP +
  SEARCH_TIMED +
  STATS_WARMUP +
  STATS_TIMED;
/**
 * The dashboard asks Discord about one person at most DISCORD_CHECKS_LIMIT.max times a minute (429 beyond),
 * and the bench asks for more pages than that within a minute: it signs in this many moderators and takes
 * turns between them, so none goes over even if every page fell in one window. Each still costs what a
 * moderator's page costs (the session, the check against Discord, the query, rendering).
 */
const MODERATORS = Math.ceil(GUILD_PAGES / DISCORD_CHECKS_LIMIT.max);

/**
 * CASES cases in one guild, one a minute up to now (1,000,000 is about two years), filled server-side; the
 * search index is built after the rows, as a bulk load does.
 */
async function fillCases(context: BenchContext): Promise<void> {
  progress(`dashboard: filling ${CASES} cases`);
  await context.raw.query("INSERT INTO guilds (id, case_counter) VALUES ($1, $2)", [GUILD_ID, CASES]);
  await context.raw.query("DROP INDEX ix_cases_reason_search");
  await context.raw.query(
    `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason, created_at)
     SELECT $1::bigint, g, (ARRAY['warn','note','timeout','kick','ban']::case_type[])[1 + g % 5],
            200000000000000000 + g % 5000, 300000000000000000 + g % 20,
            CASE WHEN g % $3 = 0 THEN 'phishing link steam-gift.example (' || g || ')'
                 ELSE 'spamming invites in #general (' || g || ')' END,
            now() - ($2::int - g) * interval '1 minute'
       FROM generate_series(1, $2::int) AS g`,
    [GUILD_ID, CASES, PHRASE_EVERY],
  );
  progress("dashboard: building the text search index");
  await context.raw.query(
    `CREATE INDEX ix_cases_reason_search ON cases USING gin (to_tsvector('simple', coalesce(reason, '')))`,
  );
  await context.raw.query("VACUUM ANALYZE cases");
}

/**
 * The dashboard's cases page as a moderator's browser gets it (Warden as `npm start` runs it, the simulator
 * as Discord): the first page, a page half way down 1,000,000 cases, and a text search. Server time seen
 * from localhost: the session lookup, the moderator check against Discord, the page's query, rendering.
 */
export async function benchDashboardCases(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  await fillCases(context);
  const sim = await DiscordSimulator.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const guild = sim.createGuild({ id: GUILD_ID, name: "Bench" });
  // Manage Server as well: the statistics page asks what /stats asks.
  const mods = guild.createRole({
    name: "Mods",
    permissions: PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.ManageGuild,
  });
  const moderators = Array.from({ length: MODERATORS }, (_, index) => {
    const user = sim.createUser({ username: `benchmod${index + 1}` });
    guild.addMember(user.id, { roles: [mods.id] });
    return user;
  });
  const env = botEnv(sim, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
    HEALTH_ENABLED: "false",
    DASHBOARD_ENABLED: "true",
    DASHBOARD_PORT: String(port),
    DASHBOARD_PUBLIC_URL: base,
    DISCORD_CLIENT_ID: sim.oauth2.clientId,
    DISCORD_CLIENT_SECRET: sim.oauth2.clientSecret,
  });
  const warden = await startBotProcess(
    "warden",
    wardenMain(),
    { ...env, LOG_LEVEL: "info" },
    WARDEN_READY_LINE,
  );
  try {
    const browser = await ModeratorBrowsers.signIn(base, sim, moderators);
    const path = `/guilds/${GUILD_ID}/cases`;
    const deepNumber = CASES - DEEP_PAGE * PAGE_SIZE;
    const deepPath = `${path}?after=${cursorAfter({ number: deepNumber + 1, id: 0 })}`;
    const expectFirst = (html: string, number: number): void => {
      if (!html.includes(`>#${number}</a>`)) throw new Error(`the page does not start at case #${number}`);
    };
    progress(`dashboard: page 1 vs page ${DEEP_PAGE}`);
    const [first, deep] = await compareLatencies(
      async () => expectFirst(await page(browser, path), CASES),
      async () => expectFirst(await page(browser, deepPath), deepNumber),
      PAGES,
    );
    progress("dashboard: text search");
    const search = `${path}?q=steam-gift.example`;
    for (let index = 0; index < SEARCH_WARMUP; index += 1) await page(browser, search);
    const searches: number[] = [];
    for (let index = 0; index < SEARCH_TIMED; index += 1) {
      const started = performance.now();
      expectFirst(await page(browser, search), CASES);
      searches.push(performance.now() - started);
    }
    progress("dashboard: statistics page");
    const statsPath = `/guilds/${GUILD_ID}/stats`;
    for (let index = 0; index < STATS_WARMUP; index += 1) await page(browser, statsPath);
    const statsPages: number[] = [];
    for (let index = 0; index < STATS_TIMED; index += 1) {
      const started = performance.now();
      const html = await page(browser, statsPath);
      statsPages.push(performance.now() - started);
      if (!html.includes('id="cases-weekly"'))
        throw new Error("the statistics page has no weekly cases table");
    }
    const where = `${CASES} cases in one guild, Warden as a process, Discord simulated, over localhost HTTP`;
    report.emit(
      "dashboard.cases_page.p95_ms",
      percentile(first, 95),
      "ms",
      `GET the cases page (page 1, ${PAGE_SIZE} rows): p95 of ${first.length}; page ${DEEP_PAGE} p95 ` +
        `${ms(percentile(deep, 95))}; ${where}`,
    );
    report.emit(
      "dashboard.cases_page.depth_ratio",
      median(deep) / median(first),
      "ratio",
      `page ${DEEP_PAGE} ${ms(median(deep))} / page 1 ${ms(median(first))}, medians of ${first.length} ` +
        `interleaved requests each (p95 ${ms(percentile(deep, 95))} / ${ms(percentile(first, 95))}); goal ≤ 1.2; ${where}`,
    );
    report.emit(
      "dashboard.search.p95_ms",
      percentile(searches, 95),
      "ms",
      `GET the cases page searching "steam-gift.example" (${CASES / PHRASE_EVERY} matches, full-text over ` +
        `reasons and notes, GIN): p95 of ${searches.length} (median ${ms(median(searches))}); ${where}`,
    );
    report.emit(
      "dashboard.stats_page.p95_ms",
      percentile(statsPages, 95),
      "ms",
      `GET the statistics page (cases per week by type over 12 weeks, about ${12 * 7 * 24 * 60} of the ` +
        `cases; commands, errors and p95 latency per day; joins by invite): p95 of ${statsPages.length} ` +
        `(median ${ms(median(statsPages))}); ${where}`,
    );
  } finally {
    await warden.stop();
    await sim.close();
  }
}

/** One signed-in browser per moderator, taken in turn: see MODERATORS. */
class ModeratorBrowsers {
  private turn = 0;

  private constructor(private readonly browsers: readonly DashboardClient[]) {}

  static async signIn(
    base: string,
    sim: DiscordSimulator,
    users: readonly SimUser[],
  ): Promise<ModeratorBrowsers> {
    // Two sign-in requests each (the start and the callback), limited per address.
    if (2 * users.length > ROUTE_LIMITS.signIn.max)
      throw new Error(`${users.length} sign-ins exceed the dashboard's ${ROUTE_LIMITS.signIn.max} a minute`);
    const browsers: DashboardClient[] = [];
    for (const user of users) {
      const browser = new DashboardClient(base, sim);
      const signedIn = await browser.signIn(user);
      if (signedIn.status !== 303 || !browser.cookies.has("warden_session"))
        throw new Error(`the bench could not sign in to the dashboard (HTTP ${signedIn.status})`);
      browsers.push(browser);
    }
    return new ModeratorBrowsers(browsers);
  }

  get(path: string): ReturnType<DashboardClient["get"]> {
    const browser = this.browsers[this.turn % this.browsers.length];
    if (!browser) throw new Error("no moderator is signed in");
    this.turn += 1;
    return browser.get(path);
  }
}

/** GETs a page and reads it whole; throws unless it answers 200. */
async function page(browser: ModeratorBrowsers, path: string): Promise<string> {
  const response = await browser.get(path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return response.html;
}
