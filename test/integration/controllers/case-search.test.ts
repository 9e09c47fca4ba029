import { CaseAnnotations } from "../../../src/controllers/case-annotations";
import { CaseController, type CaseSearchFilter } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

/** The dashboard's case table: filters, keyset pages, and text search over reasons and notes. */
describe("CaseController.browse", () => {
  const cases = () => t.get(CaseController);

  async function everyPage(guildId: string, filter: CaseSearchFilter, limit: number): Promise<number[][]> {
    const pages: number[][] = [];
    let after: string | null = null;
    do {
      const page = await cases().browse(guildId, filter, { after, limit });
      pages.push(page.items.map((kase) => kase.number));
      after = page.nextCursor;
    } while (after !== null);
    return pages;
  }

  describe("on a few cases", () => {
    const guildId = snowflake();
    const otherGuildId = snowflake();
    const alice = snowflake();
    const bob = snowflake();
    const mod = snowflake();
    const otherMod = snowflake();

    beforeEach(async () => {
      await makeGuild(t.container, guildId);
      await makeGuild(t.container, otherGuildId);
      const make = (input: Parameters<typeof makeCase>[1]) => makeCase(t.container, { guildId, ...input });
      await make({
        type: CaseType.Warn,
        targetId: alice,
        moderatorId: mod,
        reason: "spam links in #general",
      }); // 1
      await make({ type: CaseType.Timeout, targetId: bob, moderatorId: mod, reason: "flooding" }); // 2
      await make({
        type: CaseType.Warn,
        targetId: bob,
        moderatorId: otherMod,
        reason: "phishing steam-gift.example",
      }); // 3
      await make({ type: CaseType.Ban, targetId: alice, moderatorId: otherMod, reason: "raid" }); // 4
      await make({ type: CaseType.Warn, targetId: alice, moderatorId: mod, reason: "more spam" }); // 5
      await cases().void(guildId, 5, mod, "mistake");
      await t.get(CaseAnnotations).addNote(guildId, 2, otherMod, "they posted steam-gift.example too");
      await makeCase(t.container, {
        guildId: otherGuildId,
        reason: "phishing steam-gift.example",
        moderatorId: mod,
      });
      await t.get(CaseAnnotations).addNote(otherGuildId, 1, otherMod, "flooding again");
    });

    it("pages newest first with an opaque cursor, leaving deleted cases out by default", async () => {
      expect(await everyPage(guildId, {}, 2)).toEqual([
        [4, 3],
        [2, 1],
      ]);
      expect(await everyPage(guildId, { state: "all" }, 2)).toEqual([[5, 4], [3, 2], [1]]);
      expect(await everyPage(guildId, { state: "deleted" }, 50)).toEqual([[5]]);
    });

    it("filters by type, member, moderator and date", async () => {
      expect(await everyPage(guildId, { type: CaseType.Warn }, 50)).toEqual([[3, 1]]);
      expect(await everyPage(guildId, { targetId: alice }, 50)).toEqual([[4, 1]]);
      expect(await everyPage(guildId, { moderatorId: otherMod, targetId: bob }, 50)).toEqual([[3]]);
      const tomorrow = new Date(Date.now() + 86_400_000);
      expect(await everyPage(guildId, { from: tomorrow }, 50)).toEqual([[]]);
      expect(await everyPage(guildId, { before: tomorrow, from: new Date(0) }, 50)).toEqual([[4, 3, 2, 1]]);
    });

    it("finds words in reasons and in notes, in this guild only", async () => {
      expect(await everyPage(guildId, { text: "steam-gift.example" }, 50)).toEqual([[3, 2]]);
      expect(await everyPage(guildId, { text: "spam" }, 50)).toEqual([[1]]);
      expect(await everyPage(guildId, { text: "flooding" }, 50)).toEqual([[2]]);
      expect(await everyPage(guildId, { text: "spam", state: "all" }, 50)).toEqual([[5, 1]]);
      expect(await everyPage(guildId, { text: '"no such words"' }, 50)).toEqual([[]]);
    });

    it("refuses a cursor it did not make", async () => {
      const forged = Buffer.from(JSON.stringify(["1; DROP TABLE cases", "1"])).toString("base64url");
      await expect(cases().browse(guildId, {}, { after: forged, limit: 2 })).rejects.toThrow(/after/);
      await expect(cases().browse(guildId, {}, { after: "%%%", limit: 2 })).rejects.toThrow(/after/);
    });
  });

  it("searches a rare word through the GIN indexes, a common one newest first, on a table big enough to tell", async () => {
    const guildId = snowflake();
    await makeGuild(t.container, guildId);
    await t.db.sql(
      `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason)
       SELECT $1, n, 'warn', 100000000000000000 + n % 500, 200000000000000000 + n % 7,
              CASE WHEN n % 5000 = 0 THEN 'phishing steam-gift.example' ELSE 'spam ' || md5(n::text) END
       FROM generate_series(1, 40000) n`,
      [guildId],
    );
    await t.db.sql(
      `INSERT INTO case_edits (case_id, editor_id, field, note)
       SELECT id, 200000000000000001, 'note', 'seen ' || md5(number::text) FROM cases WHERE guild_id = $1`,
      [guildId],
    );
    await t.db.sql("ANALYZE cases");
    await t.db.sql("ANALYZE case_edits");
    const search = cases().search;
    expect(await search.planFor(guildId, "steam-gift.example")).toBe("matches");
    expect(await search.planFor(guildId, "spam")).toBe("newest");
    const { sql, params } = search.statement(guildId, { text: "steam-gift.example" }, null, 51, "matches");
    const plan = (await t.db.sql<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params)).rows
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan).toContain("ix_cases_reason_search");
    expect(plan).toContain("ix_case_edits_note_search");
    const found = await cases().browse(guildId, { text: "steam-gift.example" }, { limit: 50 });
    expect(found.items.map((kase) => kase.number)).toEqual([
      40000, 35000, 30000, 25000, 20000, 15000, 10000, 5000,
    ]);
  });
});
