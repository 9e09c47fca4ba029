import { Pool } from "pg";
import { checkSameStatements, recordCaseByHand } from "../../../bench/lib/case-by-hand";
import { RepeatGuard } from "../../../src/controllers/repeat-guard";
import { CaseType } from "../../../src/entities";
import { makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("the /warn baseline the bench writes by hand", () => {
  it("sends what RepeatGuard and CaseController send, so the bench measures the same statements", async () => {
    const guildId = (await makeGuild(t.container)).id;
    const input = { guildId, type: CaseType.Warn, targetId: snowflake(), moderatorId: snowflake() };
    await expect(
      checkSameStatements(t.db, () => t.get(RepeatGuard).recordAction({ ...input, reason: "spam" }, 60_000)),
    ).resolves.toBeUndefined();
  });

  it("numbers the cases it writes after the controller's, in the same guild", async () => {
    const guildId = (await makeGuild(t.container)).id;
    const input = { guildId, type: CaseType.Warn, targetId: snowflake(), moderatorId: snowflake() };
    await t.get(RepeatGuard).recordAction({ ...input, reason: "first" }, 60_000);
    const pool = new Pool({ connectionString: t.url, max: 1 });
    try {
      const number = await recordCaseByHand(pool, { ...input, targetName: "member", reason: "second" });
      expect(number).toBe(2);
    } finally {
      await pool.end();
    }
  });
});
