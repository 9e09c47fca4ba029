import type { BulkChange } from "../../../src/controllers/base-controller";
import { CaseController } from "../../../src/controllers/case-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { CaseType, type Case, type GuildConfig } from "../../../src/entities";
import { ValidationError, type FieldErrors } from "../../../src/errors/validation-error";
import { makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

const refusal = (fields: FieldErrors): ValidationError => new ValidationError(fields);
const broke = (field: string, id: string): FieldErrors => ({
  [field]: [{ id } as FieldErrors[string][number]],
});

async function refused(work: Promise<unknown>, fields: FieldErrors): Promise<void> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).fields).toEqual(refusal(fields).fields);
}

function caseRow(guildId: string, number: number, extra: Partial<Case> = {}): Partial<Case> {
  const parties = { targetId: snowflake(), moderatorId: snowflake(), reason: "spam" };
  return { guildId, number, type: CaseType.Warn, ...parties, ...extra };
}

describe("createMany refuses every kind of invalid row among rows of other shapes, writing nothing", () => {
  it.each([
    ["length", { username: "y".repeat(101) }, broke("username", "validation.too_long")],
    ["not empty", { username: "" }, broke("username", "validation.blank")],
    [
      "length of an optional column",
      { username: "z", displayName: "d".repeat(101) },
      broke("displayName", "validation.too_long"),
    ],
  ])("users: %s", async (_kind, bad, fields) => {
    const users = t.get(UserController);
    const rows = [
      { username: "a" },
      { username: "b", displayName: "Bee" },
      bad,
      { username: "c", displayName: null },
    ];
    await refused(users.createMany(rows), fields);
    expect(await users.count()).toBe(0);
  });

  it.each([
    ["enum", { type: "nope" as CaseType }, broke("type", "validation.not_a_choice")],
    ["pattern", { targetId: "abc" }, broke("targetId", "validation.bad_format")],
    ["range", { number: 0 }, broke("number", "validation.out_of_range")],
    ["whole number", { number: 1.5 }, broke("number", "validation.not_whole")],
    ["length", { reason: "r".repeat(2001) }, broke("reason", "validation.too_long")],
    ["boolean", { voided: "yes" as unknown as boolean }, broke("voided", "validation.boolean")],
  ])("cases: %s", async (_kind, bad, fields) => {
    const guild = await makeGuild(t.container);
    const cases = t.get(CaseController);
    const rows = [
      caseRow(guild.id, 1),
      caseRow(guild.id, 2, { reason: "spam", processed: true }),
      caseRow(guild.id, 3, bad),
      caseRow(guild.id, 4, { modLogMessageId: snowflake() }),
    ];
    await refused(cases.createMany(rows), fields);
    expect(await cases.count({ guildId: guild.id })).toBe(0);
    // The same rows without the bad one go in: the refusal was about that row alone.
    expect(await cases.createMany(rows.filter((_row, index) => index !== 2))).toBe(3);
  });

  it.each([
    ["range (most)", { retentionDays: 3651 }, broke("retentionDays", "validation.out_of_range")],
    ["range (least)", { dailyReward: 0 }, broke("dailyReward", "validation.out_of_range")],
    ["boolean", { dmOnAction: "yes" as unknown as boolean }, broke("dmOnAction", "validation.boolean")],
    [
      "each item of an array",
      { moderatorRoleIds: [snowflake(), "x"] },
      broke("moderatorRoleIds", "validation.bad_format"),
    ],
    [
      "pattern of an optional column",
      { modLogChannelId: "#general" },
      broke("modLogChannelId", "validation.bad_format"),
    ],
  ])("guild configs: %s", async (_kind, bad, fields) => {
    const guilds = await Promise.all([1, 2, 3].map(() => makeGuild(t.container)));
    const configs = t.get(GuildConfigController);
    const ids = guilds.map((guild) => guild.id);
    const rows: Array<Partial<GuildConfig>> = [
      { guildId: ids[0], retentionDays: 7 },
      { guildId: ids[1], moderatorRoleIds: [snowflake()], ...bad },
      { guildId: ids[2], dmOnAction: false },
    ];
    await refused(configs.createMany(rows), fields);
    const stored = await t.db.sql<{ n: number }>("SELECT count(*)::int AS n FROM guild_configs");
    expect(stored.rows[0]?.n).toBe(0);
  });
});

describe("bulkUpdate refuses every kind of invalid change among changes of other shapes", () => {
  async function threeCases(): Promise<{ guildId: string; ids: number[] }> {
    const guild = await makeGuild(t.container);
    const cases = t.get(CaseController);
    await cases.createMany([caseRow(guild.id, 1), caseRow(guild.id, 2), caseRow(guild.id, 3)]);
    const ids = (await cases.findMany({ where: { guildId: guild.id }, order: { id: "ASC" } })).map(
      (row) => row.id,
    );
    return { guildId: guild.id, ids };
  }

  it.each([
    ["enum", { type: "nope" as CaseType }, broke("type", "validation.not_a_choice")],
    ["pattern", { moderatorId: "12a" }, broke("moderatorId", "validation.bad_format")],
    ["range", { number: -1 }, broke("number", "validation.out_of_range")],
    ["length", { settleNote: "n".repeat(301) }, broke("settleNote", "validation.too_long")],
    ["boolean", { processed: 1 as unknown as boolean }, broke("processed", "validation.boolean")],
  ])("cases: %s", async (_kind, bad, fields) => {
    const { ids } = await threeCases();
    const cases = t.get(CaseController);
    const [a, b, c] = ids as [number, number, number];
    const changes: Array<BulkChange<Case>> = [
      { id: a, changes: { reason: "edited" } },
      { id: b, changes: { processed: true, voided: false, reason: null } },
      { id: c, changes: bad },
    ];
    const { statements } = await t.db.queries.record(() => refused(cases.bulkUpdate(changes), fields));
    expect(statements).toEqual([]);
    expect((await cases.getById(a))?.reason).toBe("spam");
  });

  it("guild configs: a range broken by one row of many, whatever shape the others change", async () => {
    const guilds = await Promise.all([1, 2, 3].map(() => makeGuild(t.container)));
    const configs = t.get(GuildConfigController);
    await configs.createMany(guilds.map((guild) => ({ guildId: guild.id })));
    const changes: Array<BulkChange<GuildConfig>> = [
      { id: guilds[0]!.id, changes: { retentionDays: 10 } },
      { id: guilds[1]!.id, changes: { dmOnAction: false, messageLogEnabled: true } },
      { id: guilds[2]!.id, changes: { retentionDays: 0 } },
    ];
    await refused(configs.bulkUpdate(changes), broke("retentionDays", "validation.out_of_range"));
    expect((await configs.getById(guilds[0]!.id))?.retentionDays).toBe(30);
  });
});

describe("statements a bulk write costs", () => {
  it("createMany of many validated rows: one INSERT, nothing else", async () => {
    const users = t.get(UserController);
    const rows = Array.from({ length: 500 }, (_, i) =>
      i % 2 ? { username: `u${i}` } : { username: `u${i}`, displayName: "D" },
    );
    const { result, statements } = await t.db.queries.record(() => users.createMany(rows));
    expect(result).toBe(500);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^INSERT INTO "users"/);
  });

  it("bulkUpdate: one UPDATE per shape, in one transaction of its own, or in the caller's", async () => {
    const users = t.get(UserController);
    await users.createMany(Array.from({ length: 40 }, (_, i) => ({ username: `u${i}` })));
    const ids = (await users.findMany({ order: { id: "ASC" } })).map((user) => user.id);
    const changes = ids.map((id, i) => ({
      id,
      changes: i % 2 ? { displayName: `n${i}` } : { displayName: `m${i}`, username: `v${i}` },
    }));
    const alone = await t.db.queries.record(() => users.bulkUpdate(changes));
    expect(alone.result).toBe(40);
    expect(alone.statements.map((sql) => sql.split(" ")[0])).toEqual(["START", "UPDATE", "UPDATE", "COMMIT"]);

    const joined = await t.db.queries.record(() => users.transaction(() => users.bulkUpdate(changes)));
    expect(joined.statements.map((sql) => sql.split(" ")[0])).toEqual([
      "START",
      "UPDATE",
      "UPDATE",
      "COMMIT",
    ]);
    expect((await users.getById(ids[1]!))?.displayName).toBe("n1");
    expect(await users.getById(ids[0]!)).toMatchObject({ username: "v0", displayName: "m0" });
  });
});
