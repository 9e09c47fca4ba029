import { CaseController } from "../../../src/controllers/case-controller";
import { UserError } from "../../../src/errors/user-error";
import { ValidationError } from "../../../src/errors/validation-error";
import { CaseType } from "../../../src/entities";
import { MAX_REASON_LENGTH } from "../../../src/entities/case";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
/** Refused with what a member is told when the case number they gave does not exist in their guild. */
async function expectNotFound(work: Promise<unknown>, number: number): Promise<void> {
  const error: unknown = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UserError);
  expect(error).toMatchObject({ identifier: "cases.not_found", values: { number } });
}

describe("CaseController", () => {
  it("finds a case by its number only within its own guild", async () => {
    const [a, b] = [await makeGuild(t.container), await makeGuild(t.container)];
    const created = await makeCase(t.container, { guildId: a.id, reason: "spam" });
    const cases = t.get(CaseController);
    expect((await cases.getByNumber(a.id, created.number))?.reason).toBe("spam");
    expect(await cases.getByNumber(b.id, created.number)).toBeNull();
    await expectNotFound(cases.getByNumberOrFail(b.id, created.number), created.number);
  });

  it("keeps a guild scope's filters inside the guild even when asked otherwise", async () => {
    const [a, b] = [await makeGuild(t.container), await makeGuild(t.container)];
    await makeCase(t.container, { guildId: a.id });
    await makeCase(t.container, { guildId: b.id });
    const scope = t.get(CaseController).forGuild(a.id);
    // the type forbids guildId; a caller that forces it in still cannot leave the guild
    const sneaky = { guildId: b.id } as never;
    expect(await scope.count(sneaky)).toBe(1);
    expect((await scope.findMany({ where: sneaky })).every((c) => c.guildId === a.id)).toBe(true);
    expect(await scope.deleteWhere({ number: 1, ...(sneaky as object) })).toBe(1);
    expect(await t.get(CaseController).count({ guildId: b.id })).toBe(1);
  });

  it("stores reasons up to 2,000 characters and refuses longer ones", async () => {
    const guild = await makeGuild(t.container);
    const long = "r".repeat(MAX_REASON_LENGTH);
    expect((await makeCase(t.container, { guildId: guild.id, reason: long })).reason).toHaveLength(
      MAX_REASON_LENGTH,
    );
    await expect(makeCase(t.container, { guildId: guild.id, reason: `${long}!` })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("edits a reason and keeps the edit in the case's history", async () => {
    const guild = await makeGuild(t.container);
    const moderationCase = await makeCase(t.container, { guildId: guild.id, reason: "first" });
    const cases = t.get(CaseController);
    const editor = snowflake();
    await cases.editReason(guild.id, moderationCase.number, editor, "second");
    const updated = await cases.editReason(guild.id, moderationCase.number, editor, "third");
    expect(updated.reason).toBe("third");
    const history = await cases.history(moderationCase.id);
    expect(history.map((e) => [e.field, e.before, e.after, e.editorId])).toEqual([
      ["reason", "first", "second", editor],
      ["reason", "second", "third", editor],
    ]);
    await expectNotFound(cases.editReason(guild.id, 99, editor, "x"), 99);
  });

  it("voids a case: hidden from lists, kept on record with its history", async () => {
    const guild = await makeGuild(t.container);
    const target = snowflake();
    const first = await makeCase(t.container, { guildId: guild.id, targetId: target });
    await makeCase(t.container, { guildId: guild.id, targetId: target });
    const cases = t.get(CaseController);
    await cases.void(guild.id, first.number, snowflake());
    const visible = await cases.list(guild.id, { targetId: target }, { limit: 10 });
    expect(visible.items.map((c) => c.number)).toEqual([2]);
    const all = await cases.list(guild.id, { targetId: target, includeVoided: true }, { limit: 10 });
    expect(all.items.map((c) => c.number)).toEqual([2, 1]);
    expect((await cases.history(first.id)).map((e) => [e.field, e.before, e.after])).toEqual([
      ["voided", "false", "true"],
    ]);
  });

  it("keeps every edit rule itself, naming the case, and changes nothing it refuses", async () => {
    const guild = await makeGuild(t.container);
    const cases = t.get(CaseController);
    const target = snowflake();
    const kase = await makeCase(t.container, { guildId: guild.id, targetId: target, reason: "spam" });
    const refused = (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (error: unknown) => (error instanceof UserError ? [error.identifier, error.values] : error),
      );
    expect(await refused(cases.editReason(guild.id, kase.number, target, "not me"))).toEqual([
      "cases.own_case",
      { number: kase.number },
    ]);
    await cases.void(guild.id, kase.number, snowflake(), "wrong member");
    expect(await refused(cases.editReason(guild.id, kase.number, snowflake(), "later"))).toEqual([
      "cases.reason_locked",
      { number: kase.number },
    ]);
    expect(await refused(cases.void(guild.id, kase.number, snowflake()))).toEqual([
      "cases.already_deleted",
      { number: kase.number },
    ]);
    const tempban = await makeCase(t.container, {
      guildId: guild.id,
      type: CaseType.Ban,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await refused(cases.void(guild.id, tempban.number, snowflake()))).toEqual([
      "cases.tempban_running",
      { number: tempban.number },
    ]);
    expect((await cases.getByNumberOrFail(guild.id, kase.number)).reason).toBe("spam");
    expect(await cases.history(kase.id)).toHaveLength(1);
    expect(await cases.history(tempban.id)).toEqual([]);
  });

  it("links a case to an earlier one of the same guild only", async () => {
    const [a, b] = [await makeGuild(t.container), await makeGuild(t.container)];
    const original = await makeCase(t.container, { guildId: a.id });
    const later = await makeCase(t.container, { guildId: a.id });
    await makeCase(t.container, { guildId: b.id });
    const cases = t.get(CaseController);
    const linked = await cases.link(a.id, later.number, original.number, snowflake());
    expect(linked.refCaseId).toBe(original.id);
    await expect(cases.link(a.id, later.number, later.number, snowflake())).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expectNotFound(cases.link(b.id, 2, 1, snowflake()), 2);
    await expect(cases.link(a.id, original.number, later.number, snowflake())).rejects.toMatchObject({
      fields: { refers_to: [{ id: "validation.earlier_case", values: { number: original.number } }] },
    });
    const referring = await makeCase(t.container, { guildId: a.id, refersTo: original.number });
    expect(referring.refCaseId).toBe(original.id);
  });

  it("lists newest first with filters, a page at a time", async () => {
    const guild = await makeGuild(t.container);
    const moderator = snowflake();
    for (let i = 0; i < 12; i += 1) {
      await makeCase(t.container, {
        guildId: guild.id,
        moderatorId: i % 3 === 0 ? moderator : snowflake(),
        type: i % 2 ? CaseType.Warn : CaseType.Note,
      });
    }
    const cases = t.get(CaseController);
    const first = await cases.list(guild.id, { moderatorId: moderator }, { limit: 3 });
    expect(first.items.map((c) => c.number)).toEqual([10, 7, 4]);
    const second = await cases.list(
      guild.id,
      { moderatorId: moderator },
      { limit: 3, after: first.nextCursor },
    );
    expect(second.items.map((c) => c.number)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
    const notes = await cases.list(guild.id, { type: CaseType.Note }, { limit: 25 });
    expect(notes.items).toHaveLength(6);
  });

  it("counts a member's cases by type", async () => {
    const guild = await makeGuild(t.container);
    const target = snowflake();
    await makeCase(t.container, { guildId: guild.id, targetId: target, type: CaseType.Warn });
    await makeCase(t.container, { guildId: guild.id, targetId: target, type: CaseType.Warn });
    await makeCase(t.container, { guildId: guild.id, targetId: target, type: CaseType.Kick });
    await makeCase(t.container, { guildId: guild.id, type: CaseType.Ban });
    expect(await t.get(CaseController).countsByType(guild.id, target)).toEqual({ warn: 2, kick: 1 });
  });
});
