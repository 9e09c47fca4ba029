import { PAGE_SIZE } from "../../src/cogs/cases/case-pager";
import { CaseController } from "../../src/controllers/case-controller";
import type { Case } from "../../src/entities";
import type { BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms, percentile } from "../lib/stats";
import { compareLatencies } from "../lib/timing";

const CASES = 100_000;
const DEPTH = 500;
const GUILD_ID = "900000000000000002";
/** One case in VOIDED_EVERY is voided: lists skip those, so the cursor has to be walked, not computed. */
const VOIDED_EVERY = 50;

/** One guild with CASES cases (some voided, targets and moderators spread), filled server-side. */
async function fillCases(context: BenchContext): Promise<void> {
  progress(`cases.list: filling ${CASES} cases`);
  await context.raw.query("INSERT INTO guilds (id, case_counter) VALUES ($1, $2)", [GUILD_ID, CASES]);
  await context.raw.query(
    `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason, voided)
     SELECT $1::bigint, g, (ARRAY['warn','note','timeout','kick','ban']::case_type[])[1 + g % 5],
            200000000000000000 + g % 5000, 300000000000000000 + g % 20,
            'spamming invites in #general (' || g || ')', g % $3 = 0
       FROM generate_series(1, $2::int) AS g`,
    [GUILD_ID, CASES, VOIDED_EVERY],
  );
  await context.raw.query("VACUUM ANALYZE cases");
}

/**
 * The cursor `/cases` carries to page DEPTH, by paging from the first page with each page's `nextCursor`;
 * checked against the cursor the pager's buttons build from the last case shown (CaseController.cursorAfter).
 */
async function walkTo(context: BenchContext, depth: number): Promise<{ cursor: string; first: number }> {
  const cases = context.container.resolve(CaseController);
  let cursor: string | null = null;
  let last: Case | undefined;
  for (let page = 1; page < depth; page += 1) {
    const found = await cases.list(GUILD_ID, {}, { after: cursor, limit: PAGE_SIZE });
    last = found.items.at(-1);
    cursor = found.nextCursor;
    if (!cursor || !last) throw new Error(`page ${page} has no next page`);
  }
  if (!cursor || !last) throw new Error(`no cursor to page ${depth}`);
  const built = cases.cursorAfter(last);
  if (built !== cursor) throw new Error(`walked cursor ${cursor} ≠ the pager's ${built}`);
  return { cursor, first: await firstOnPage(context, depth) };
}

/** The number of the first case on `page`, counted independently of the controller. */
async function firstOnPage(context: BenchContext, page: number): Promise<number> {
  const found = await context.raw.query<{ number: number }>(
    `SELECT number FROM cases WHERE guild_id = $1 AND NOT voided ORDER BY number DESC OFFSET $2 LIMIT 1`,
    [GUILD_ID, (page - 1) * PAGE_SIZE],
  );
  const first = found.rows[0]?.number;
  if (first === undefined) throw new Error(`the guild has fewer than ${page} pages`);
  return first;
}

/** `CaseController.list` (what `/cases` pages with) at page DEPTH vs page 1, PAGE_SIZE cases a page. */
export async function benchCasesList(context: BenchContext, report: Reporter): Promise<void> {
  await fillCases(context);
  const cases = context.container.resolve(CaseController);
  const deep = await walkTo(context, DEPTH);
  const second = await walkTo(context, 2);
  const top = await firstOnPage(context, 1);
  const listPage = async (after: string | null, first: number): Promise<void> => {
    const page = await cases.list(GUILD_ID, {}, { after, limit: PAGE_SIZE });
    if (page.items.length !== PAGE_SIZE || page.items[0]?.number !== first || !page.nextCursor)
      throw new Error(`unexpected page after ${after ?? "the start"}`);
  };
  progress(`cases.list: page 1 vs page ${DEPTH}`);
  const [firstPage, deepPage] = await compareLatencies(
    () => listPage(null, top),
    () => listPage(deep.cursor, deep.first),
    { warmup: 200, rounds: 40, perRound: 50 },
  );
  // Page 1 carries no cursor, so it has one predicate less than any later page: page 2 vs page DEPTH
  // shows what depth alone costs.
  const [secondPage, deepAgain] = await compareLatencies(
    () => listPage(second.cursor, second.first),
    () => listPage(deep.cursor, deep.first),
    { warmup: 100, rounds: 20, perRound: 50 },
  );
  const firstMs = median(firstPage);
  const deepMs = median(deepPage);
  const cursorOnly = median(deepAgain) / median(secondPage);
  report.emit(
    "cases.list.depth_ratio",
    deepMs / firstMs,
    "ratio",
    `CaseController.list (keyset, number DESC, ${PAGE_SIZE}/page as /cases shows) at page ${DEPTH} ${ms(deepMs)} ` +
      `/ page 1 ${ms(firstMs)}, medians of ${firstPage.length} interleaved calls each (p90 ` +
      `${ms(percentile(deepPage, 90))} / ${ms(percentile(firstPage, 90))}); target ≤ 1.2; ${CASES} cases in one ` +
      `guild, 1 in ${VOIDED_EVERY} voided; page ${DEPTH}'s cursor walked from page 1 and equal to the pager's; ` +
      `page ${DEPTH} / page 2 (both with a cursor) ${cursorOnly.toFixed(3)} (${ms(median(deepAgain))} / ` +
      `${ms(median(secondPage))}, ${secondPage.length} interleaved calls each)`,
  );
}
