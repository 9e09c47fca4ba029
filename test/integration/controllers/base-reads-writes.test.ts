import { CaseController } from "../../../src/controllers/case-controller";
import { GuildController } from "../../../src/controllers/guild-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { ConflictError, ForeignKeyViolationError } from "../../../src/errors/database-errors";
import { ValidationError } from "../../../src/errors/validation-error";
import { CaseType } from "../../../src/entities";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("BaseController reads", () => {
  it("getById returns the hydrated row, or null", async () => {
    const guild = await makeGuild(t.container);
    const guilds = t.get(GuildController);
    const found = await guilds.getById(guild.id);
    expect(found).toMatchObject({ id: guild.id, caseCounter: 0, leftAt: null });
    expect(found?.joinedAt).toBeInstanceOf(Date);
    expect(await guilds.getById(snowflake())).toBeNull();
  });

  it("getByIdOrFail throws NotFoundError for a missing row", async () => {
    await expect(t.get(GuildController).getByIdOrFail(snowflake())).rejects.toMatchObject({
      identifier: "NotFound",
    });
  });

  it("findOne and findMany filter, order, limit and offset", async () => {
    const guild = await makeGuild(t.container);
    const target = snowflake();
    for (let i = 0; i < 5; i += 1)
      await makeCase(t.container, { guildId: guild.id, targetId: target, reason: `r${i}` });
    await makeCase(t.container, { guildId: guild.id });
    const cases = t.get(CaseController);
    const page = await cases.findMany({
      where: { guildId: guild.id, targetId: target },
      order: { number: "DESC" },
      limit: 2,
      offset: 1,
    });
    expect(page.map((c) => c.number)).toEqual([4, 3]);
    const one = await cases.findOne({ where: { guildId: guild.id, number: 6 } });
    expect(one?.targetId).not.toBe(target);
    expect(await cases.count({ guildId: guild.id, targetId: target })).toBe(5);
    expect(await cases.exists({ guildId: guild.id, targetId: target, number: 5 })).toBe(true);
    expect(await cases.exists({ guildId: guild.id, targetId: target, number: 6 })).toBe(false);
  });

  it("loads relations without a query per row", async () => {
    const guild = await makeGuild(t.container);
    for (let i = 0; i < 10; i += 1) await makeCase(t.container, { guildId: guild.id });
    const cases = t.get(CaseController);
    const { result, statements } = await t.db.queries.record(() =>
      cases.findMany({ where: { guildId: guild.id }, relations: { guild: true, edits: true } }),
    );
    expect(result).toHaveLength(10);
    expect(result.every((c) => c.guild?.id === guild.id && Array.isArray(c.edits))).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(3);
  });
});

describe("BaseController writes", () => {
  it("create validates and returns database defaults", async () => {
    const users = t.get(UserController);
    const user = await users.create({ username: "alice" });
    expect(user.id).toBeGreaterThan(0);
    expect(user.firstSeenAt).toBeInstanceOf(Date);
    expect(user.displayName).toBeNull();
    await expect(users.create({ username: "x".repeat(101) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("create reports per-field validation messages", async () => {
    const error = await t
      .get(GuildController)
      .create({ id: "not-a-snowflake", caseCounter: -1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(["caseCounter", "id"]);
  });

  it("a missing required column is a ValidationError naming it", async () => {
    const error = await t
      .get(CaseController)
      .create({ guildId: snowflake(), number: 1, type: CaseType.Warn, targetId: snowflake() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
  });

  it("unique and foreign-key violations arrive as typed errors", async () => {
    const guild = await makeGuild(t.container);
    const guilds = t.get(GuildController);
    const conflict = await guilds.create({ id: guild.id }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).constraint).toMatch(/^PK_/);
    // The driver's detail quotes the row's values: kept for the logs, never the message a member sees.
    expect((conflict as ConflictError).detail).toContain(`(${guild.id}) already exists`);
    expect((conflict as ConflictError).rule).toEqual({ id: "errors.conflict" });
    expect((conflict as ConflictError).message).not.toContain(guild.id);
    const orphan = await t
      .get(CaseController)
      .create({ guildId: snowflake(), number: 1, type: CaseType.Warn, targetId: "1", moderatorId: "2" })
      .catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(ForeignKeyViolationError);
    expect((orphan as ForeignKeyViolationError).detail).toMatch(/is not present in table/);
    expect((orphan as ForeignKeyViolationError).message).not.toMatch(/Key \(|not present/);
  });

  it("updateById sends exactly one statement and returns the row, or null", async () => {
    const guild = await makeGuild(t.container);
    const guilds = t.get(GuildController);
    const { result, statements } = await t.db.queries.record(() =>
      guilds.updateById(guild.id, { caseCounter: 7 }),
    );
    expect(result?.caseCounter).toBe(7);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^UPDATE .* RETURNING /);
    expect(await guilds.updateById(snowflake(), { caseCounter: 1 })).toBeNull();
  });

  it("updateById refuses unknown fields and identity columns", async () => {
    const users = t.get(UserController);
    const user = await users.create({ username: "bob" });
    await expect(users.updateById(user.id, { nope: 1 } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(users.updateById(user.id, { id: 5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(users.updateById(user.id, {})).rejects.toBeInstanceOf(ValidationError);
  });

  it("updateWhere returns rows changed and refuses empty criteria", async () => {
    const guild = await makeGuild(t.container);
    const target = snowflake();
    for (let i = 0; i < 3; i += 1) await makeCase(t.container, { guildId: guild.id, targetId: target });
    await makeCase(t.container, { guildId: guild.id });
    const cases = t.get(CaseController);
    expect(await cases.updateWhere({ guildId: guild.id, targetId: target }, { reason: "bulk" })).toBe(3);
    expect(await cases.updateWhere({ guildId: guild.id, targetId: snowflake() }, { reason: "none" })).toBe(0);
    // The types refuse a filter without the guild; at run time an empty one is refused as well.
    await expect(cases.updateWhere({} as never, { reason: "all" })).rejects.toBeInstanceOf(ValidationError);
    expect(await cases.count({ guildId: guild.id, reason: "bulk" })).toBe(3);
  });

  it("deleteById tells whether a row went; deleteWhere counts and refuses {}", async () => {
    const users = t.get(UserController);
    const a = await users.create({ username: "a" });
    await users.create({ username: "b" });
    await users.create({ username: "b" });
    expect(await users.deleteById(a.id)).toBe(true);
    expect(await users.deleteById(a.id)).toBe(false);
    await expect(users.deleteWhere({})).rejects.toBeInstanceOf(ValidationError);
    await expect(users.deleteWhere([])).rejects.toBeInstanceOf(ValidationError);
    await expect(users.deleteWhere({ username: undefined })).rejects.toBeInstanceOf(ValidationError);
    expect(await users.deleteWhere({ username: "b" })).toBe(2);
    expect(await users.count()).toBe(0);
  });

  it("upsert inserts, then updates on the named conflict columns", async () => {
    const guilds = t.get(GuildController);
    const id = snowflake();
    const [first] = await guilds.upsert({ id, caseCounter: 3 }, ["id"]);
    expect(first?.caseCounter).toBe(3);
    const rows = await guilds.upsert(
      [
        { id, caseCounter: 9 },
        { id: snowflake(), caseCounter: 1 },
      ],
      ["id"],
    );
    expect(rows.map((g) => g.caseCounter)).toEqual([9, 1]);
    expect(await guilds.count()).toBe(2);
  });

  it("getOrCreate creates once and then returns the same row", async () => {
    const guilds = t.get(GuildController);
    const id = snowflake();
    const first = await guilds.getOrCreate({ id }, { caseCounter: 2 });
    const second = await guilds.getOrCreate({ id }, { caseCounter: 5 });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.entity.caseCounter).toBe(2);
  });
});
