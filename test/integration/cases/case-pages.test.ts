import { CasePager, PAGE_SIZE, type CasePage } from "../../../src/cogs/cases/case-pager";
import type { ListFilter, PageAnchor } from "../../../src/cogs/cases/list-state";
import { CaseController } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("/cases pages and case suggestions, by the statement", () => {
  let guildId: string;
  const target = snowflake();

  beforeEach(async () => {
    guildId = (await makeGuild(t.container)).id;
    for (let index = 1; index <= 25; index += 1) {
      await makeCase(t.container, {
        guildId,
        targetId: index % 5 === 0 ? target : snowflake(),
        targetName: index % 5 === 0 ? "Nobody_Special" : "someone",
        type: index % 2 === 0 ? CaseType.Warn : CaseType.Note,
        reason: index === 12 ? "Spamming LINKS" : `reason ${index}`,
      });
    }
  });

  async function page(anchor: PageAnchor, number: number, filter: ListFilter = {}) {
    const { result, statements } = await t.db.queries.record(() =>
      t.get(CasePager).page(guildId, filter, anchor, number),
    );
    expect(statements.length).toBeLessThanOrEqual(3);
    // Each statement reads a page (LIMIT 11: one extra row says whether there is more) or counts.
    for (const statement of statements) expect(statement).toMatch(/LIMIT (11|\$\d+)|count\(\*\)/);
    return result;
  }
  const numbers = (view: CasePage) => view.items.map((kase) => kase.number);
  const next = (view: CasePage): PageAnchor => {
    const last = view.items.at(-1);
    if (!last) throw new Error("empty page");
    return { direction: "older", number: last.number, id: last.id };
  };
  const previous = (view: CasePage): PageAnchor => ({
    direction: "newer",
    number: view.items[0]?.number ?? 0,
  });

  it("reads each page in at most three statements, the same rows forward and backward", async () => {
    const first = await page({ direction: "first" }, 1);
    const second = await page(next(first), 2);
    const third = await page(next(second), 3);
    expect([numbers(first), numbers(second), numbers(third)]).toEqual([
      [25, 24, 23, 22, 21, 20, 19, 18, 17, 16],
      [15, 14, 13, 12, 11, 10, 9, 8, 7, 6],
      [5, 4, 3, 2, 1],
    ]);
    expect([first.hasPrevious, first.hasNext, third.hasNext, first.total]).toEqual([false, true, false, 25]);
    const backToSecond = await page(previous(third), 2);
    const backToFirst = await page(previous(backToSecond), 1);
    expect(numbers(backToSecond)).toEqual(numbers(second));
    expect(backToSecond).toMatchObject({ page: 2, hasPrevious: true, hasNext: true });
    expect(numbers(backToFirst)).toEqual(numbers(first));
    expect(backToFirst).toMatchObject({ page: 1, hasPrevious: false, hasNext: true });
  });

  it("pages under a filter, and refills a first page that voided cases left short", async () => {
    const filter = { type: CaseType.Warn };
    const first = await page({ direction: "first" }, 1, filter);
    const second = await page(next(first), 2, filter);
    expect(numbers(second)).toEqual([4, 2]);
    await t.get(CaseController).void(guildId, 24, snowflake());
    const back = await page(previous(second), 1, filter);
    expect(numbers(back)).toEqual([22, 20, 18, 16, 14, 12, 10, 8, 6, 4]);
    expect(back).toMatchObject({ page: 1, hasPrevious: false, total: 11 });
    expect(back.items).toHaveLength(PAGE_SIZE);
  });

  it("suggests at most 25 cases in one statement with a LIMIT", async () => {
    await makeCase(t.container, { guildId, reason: "one more" });
    const { result, statements } = await t.db.queries.record(() =>
      t.get(CaseController).suggest(guildId, { typed: "" }, 500),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/ORDER BY "?number"? DESC LIMIT \$2$/);
    expect(result.map((suggestion) => suggestion.number)).toEqual(
      Array.from({ length: 25 }, (_, index) => 26 - index),
    );
  });

  it("matches the start of the number, reason text or the target's name in any case; voided ones too", async () => {
    const search = t.get(CaseController);
    const suggest = async (typed: string) => {
      const { result, statements } = await t.db.queries.record(() => search.suggest(guildId, { typed }));
      expect(statements).toHaveLength(1);
      return result.map((suggestion) => suggestion.number);
    };
    expect(await suggest("#2")).toEqual([2, 25, 24, 23, 22, 21, 20]);
    expect(await suggest("links")).toEqual([12]);
    expect(await suggest("nobody")).toEqual([25, 20, 15, 10, 5]);
    expect(await suggest("SPECIAL")).toEqual([25, 20, 15, 10, 5]);
    const [suggested] = await search.suggest(guildId, { typed: "nobody" });
    expect(suggested).toMatchObject({ targetId: target, targetName: "Nobody_Special" });
    await t.get(CaseController).void(guildId, 12, snowflake());
    expect((await search.suggest(guildId, { typed: "12" })).map((s) => [s.number, s.voided])).toEqual([
      [12, true],
    ]);
    expect(await suggest("50%_")).toEqual([]);
  });

  it("keeps suggestions inside the guild", async () => {
    const other = (await makeGuild(t.container)).id;
    await makeCase(t.container, { guildId: other, reason: "reason elsewhere" });
    const found = await t.get(CaseController).suggest(other, { typed: "reason" });
    expect(found.map((suggestion) => suggestion.reason)).toEqual(["reason elsewhere"]);
  });
});
