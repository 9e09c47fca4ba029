import { CaseController } from "../../../src/controllers/case-controller";
import { NotFoundError } from "../../../src/errors/database-errors";
import { ValidationError } from "../../../src/errors/validation-error";
import { CaseType } from "../../../src/entities";
import { MAX_REASON_LENGTH } from "../../../src/entities/case";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("CaseController", () => {
  it("finds a case by its number only within its own guild", async () => {
    const [a, b] = [await makeGuild(t.container), await makeGuild(t.container)];
    const created = await makeCase(t.container, { guildId: a.id, reason: "spam" });
    const cases = t.get(CaseController);
    expect((await cases.getByNumber(a.id, created.number))?.reason).toBe("spam");
    expect(await cases.getByNumber(b.id, created.number)).toBeNull();
    await expect(cases.getByNumberOrFail(b.id, created.number)).rejects.toBeInstanceOf(NotFoundError);
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
    await expect(cases.editReason(guild.id, 99, editor, "x")).rejects.toBeInstanceOf(NotFoundError);
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
    await expect(cases.link(b.id, 1, 2, snowflake())).rejects.toBeInstanceOf(NotFoundError);
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
