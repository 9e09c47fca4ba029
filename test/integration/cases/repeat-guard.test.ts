import { CaseController, type NewCase } from "../../../src/controllers/case-controller";
import { RepeatGuard, type RecordedAction } from "../../../src/controllers/repeat-guard";
import { CaseType } from "../../../src/entities";
import { makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
const WINDOW_MS = 60_000;
const HOUR_MS = 3_600_000;

describe("RepeatGuard: the same action on the same member is recorded once", () => {
  let guildId: string;
  let targetId: string;
  const moderatorId = snowflake();

  beforeEach(async () => {
    guildId = (await makeGuild(t.container)).id;
    targetId = snowflake();
  });

  const action = (type: CaseType, extra: Partial<NewCase> = {}): NewCase => ({
    guildId,
    type,
    targetId,
    moderatorId,
    reason: "spam",
    pending: type !== CaseType.Warn && type !== CaseType.Note,
    ...extra,
  });
  const record = (input: NewCase) => t.get(RepeatGuard).recordAction(input, WINDOW_MS);
  const created = (result: RecordedAction) => ("created" in result ? result.created.number : null);
  const repeated = (result: RecordedAction) => ("repeatOf" in result ? result.repeatOf.number : null);

  it("records 20 identical bans sent at once (over several connections) as one case", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => record(action(CaseType.Ban))));
    expect(results.map(created).filter((number) => number !== null)).toEqual([1]);
    expect(results.map(repeated).filter((number) => number === 1)).toHaveLength(19);
    expect(await t.get(CaseController).count({ guildId })).toBe(1);
    expect(created(await record(action(CaseType.Kick)))).toBe(2); // the repeats took no number
  });

  it("records a warning in 5 statements and answers a repeat in 4 (the check rides on the insert)", async () => {
    const statements = async (input: NewCase) => {
      const before = t.db.queries.count;
      const result = await record(input);
      return {
        result: created(result) ?? `repeat of ${repeated(result)}`,
        statements: t.db.queries.count - before,
      };
    };
    // BEGIN, the member's lock, the insert unless repeated, COMMIT, the number read back.
    expect(await statements(action(CaseType.Warn))).toEqual({ result: 1, statements: 5 });
    expect(await statements(action(CaseType.Warn))).toEqual({ result: "repeat of 1", statements: 4 });
    // A pending action is numbered as it is inserted: nothing to read after COMMIT.
    expect(await statements(action(CaseType.Ban))).toEqual({ result: 2, statements: 4 });
  });

  it("repeats a warning only with the same reason", async () => {
    expect(created(await record(action(CaseType.Warn, { reason: "spam" })))).toBe(1);
    expect(repeated(await record(action(CaseType.Warn, { reason: "spam" })))).toBe(1);
    expect(created(await record(action(CaseType.Warn, { reason: "links" })))).toBe(2);
  });

  it("takes a different duration, or a different action in between, as a new action", async () => {
    const inAnHour = () => new Date(Date.now() + HOUR_MS);
    expect(created(await record(action(CaseType.Timeout, { expiresAt: inAnHour() })))).toBe(1);
    expect(repeated(await record(action(CaseType.Timeout, { expiresAt: inAnHour() })))).toBe(1);
    const inADay = new Date(Date.now() + 24 * HOUR_MS);
    expect(created(await record(action(CaseType.Timeout, { expiresAt: inADay })))).toBe(2);
    expect(created(await record(action(CaseType.Ban)))).toBe(3);
    expect(created(await record(action(CaseType.Unban)))).toBe(4);
    expect(created(await record(action(CaseType.Ban)))).toBe(5); // ban → unban → ban: all meant
    expect(created(await record(action(CaseType.Ban, { expiresAt: inAnHour() })))).toBe(6); // now a tempban
  });

  it("repeats a pending case however old, a settled one only within the window, a voided one never", async () => {
    const cases = t.get(CaseController);
    expect(created(await record(action(CaseType.Kick)))).toBe(1);
    await t.db.sql("UPDATE cases SET created_at = now() - interval '10 minutes' WHERE guild_id = $1", [
      guildId,
    ]);
    expect(repeated(await record(action(CaseType.Kick)))).toBe(1); // still pending: in flight or unsettled
    const first = await cases.getByNumberOrFail(guildId, 1);
    await cases.confirmAction(first.id);
    expect(created(await record(action(CaseType.Kick)))).toBe(2); // settled long ago: a new kick
    await cases.failAction(guildId, 2, moderatorId);
    expect(created(await record(action(CaseType.Kick)))).toBe(3); // the voided one never happened
  });
});
