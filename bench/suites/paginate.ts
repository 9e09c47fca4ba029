import { LessThanOrEqual } from "typeorm";
import { CaseController } from "../../src/controllers/case-controller";
import type { BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms } from "../lib/stats";
import { compareLatencies } from "../lib/timing";

const CASES = 1_000_000;
const PAGE_SIZE = 25;
const DEPTH = 10_000;
const GUILD_ID = "900000000000000001";

/** One guild with a million cases, filled server-side in one statement. */
async function fillCases(context: BenchContext): Promise<void> {
  progress(`paginate: filling ${CASES} cases`);
  await context.raw.query("INSERT INTO guilds (id, case_counter) VALUES ($1, $2)", [GUILD_ID, CASES]);
  await context.raw.query(
    `INSERT INTO cases (guild_id, number, type, target_id, moderator_id)
     SELECT $1::bigint, g, 'warn', 200000000000000000 + g % 5000, 300000000000000000 + g % 20
       FROM generate_series(1, $2::int) AS g`,
    [GUILD_ID, CASES],
  );
  await context.raw.query("VACUUM ANALYZE cases");
}

/**
 * Keyset pagination (CaseController.list: number DESC) at page 1 vs at a depth of 10,000 pages, and offset
 * pagination (paginate) at the same two pages, to show why the cursor exists.
 */
export async function benchPagination(context: BenchContext, report: Reporter): Promise<void> {
  await fillCases(context);
  const cases = context.container.resolve(CaseController);
  const skipped = (DEPTH - 1) * PAGE_SIZE; // rows before page DEPTH
  const anchor = await context.raw.query<{ number: number }>(
    `SELECT number FROM cases WHERE guild_id = $1 AND NOT voided ORDER BY number DESC, id DESC OFFSET $2 LIMIT 1`,
    [GUILD_ID, skipped - 1],
  );
  const anchorNumber = anchor.rows[0]?.number;
  if (anchorNumber === undefined) throw new Error("no case at the requested depth");
  const deepCursor = await cursorAfter(cases, anchorNumber);
  const expectedFirst = CASES - skipped;

  const listPage = async (after: string | null, first: number): Promise<void> => {
    const page = await cases.list(GUILD_ID, {}, { after, limit: PAGE_SIZE });
    if (page.items.length !== PAGE_SIZE || page.items[0]?.number !== first)
      throw new Error("unexpected cursor page");
  };
  progress(`paginate: cursor page 1 vs page ${DEPTH}`);
  const [firstPage, deepPage] = await compareLatencies(
    () => listPage(null, CASES),
    () => listPage(deepCursor, expectedFirst),
    { warmup: 100, rounds: 20, perRound: 25 },
  );
  const firstMs = median(firstPage);
  const deepMs = median(deepPage);
  report.emit(
    "paginateCursor.depth_ratio",
    deepMs / firstMs,
    "ratio",
    `CaseController.list (keyset on number DESC, ${PAGE_SIZE}/page) at page ${DEPTH} ${ms(deepMs)} / page 1 ` +
      `${ms(firstMs)}; medians of ${firstPage.length} interleaved calls each; ${CASES} cases in the guild`,
  );

  const scope = cases.forGuild(GUILD_ID);
  const offsetPage = async (page: number, first: number): Promise<void> => {
    const result = await scope.paginate({ page, perPage: PAGE_SIZE, order: { number: "DESC" } });
    if (result.items.length !== PAGE_SIZE || result.items[0]?.number !== first)
      throw new Error("unexpected offset page");
  };
  progress(`paginate: offset page 1 vs page ${DEPTH}`);
  const [offsetFirst, offsetDeep] = await compareLatencies(
    () => offsetPage(1, CASES),
    () => offsetPage(DEPTH, expectedFirst),
    { warmup: 2, rounds: 8, perRound: 2 },
  );
  const rowsAt = async (offset: number, first: number): Promise<void> => {
    const rows = await cases.findMany({
      where: { guildId: GUILD_ID },
      order: { number: "DESC" },
      limit: PAGE_SIZE,
      offset,
    });
    if (rows.length !== PAGE_SIZE || rows[0]?.number !== first) throw new Error("unexpected offset rows");
  };
  const [rowsFirst, rowsDeep] = await compareLatencies(
    () => rowsAt(0, CASES),
    () => rowsAt(skipped, expectedFirst),
    { warmup: 3, rounds: 8, perRound: 3 },
  );
  const offsetFirstMs = median(offsetFirst);
  const offsetDeepMs = median(offsetDeep);
  report.emit(
    "paginate.offset_depth_ratio",
    offsetDeepMs / offsetFirstMs,
    "ratio",
    `forGuild().paginate (OFFSET + count(*)) at page ${DEPTH} ${ms(offsetDeepMs)} / page 1 ${ms(offsetFirstMs)}; ` +
      `medians of ${offsetFirst.length} interleaved calls each (keyset page ${DEPTH}: ${ms(deepMs)})`,
  );
  report.emit(
    "paginate.offset_rows_depth_ratio",
    median(rowsDeep) / median(rowsFirst),
    "ratio",
    `the page query alone (findMany with OFFSET, no count(*)) at page ${DEPTH} ${ms(median(rowsDeep))} / page 1 ` +
      `${ms(median(rowsFirst))}; medians of ${rowsFirst.length} interleaved calls each`,
  );
}

/**
 * The cursor a caller holds after reading the row numbered `number`: asked of the controller itself (a
 * one-row page ending at that row), so the benchmark does not depend on how cursors are encoded.
 */
async function cursorAfter(cases: CaseController, number: number): Promise<string> {
  const page = await cases.forGuild(GUILD_ID).paginateCursor({
    where: { voided: false, number: LessThanOrEqual(number) },
    orderBy: "number",
    direction: "DESC",
    limit: 1,
  });
  if (page.items[0]?.number !== number || !page.nextCursor) throw new Error(`no cursor for case ${number}`);
  return page.nextCursor;
}
