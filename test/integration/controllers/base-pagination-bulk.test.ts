import { CaseController } from "../../../src/controllers/case-controller";
import { UserController } from "../../../src/controllers/user-controller";
import { ValidationError } from "../../../src/errors/validation-error";
import { MAX_BIND_PARAMETERS } from "../../../src/database/entity-sql";
import { makeCase, makeGuild, snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

async function seedUsers(count: number): Promise<number[]> {
  const users = t.get(UserController);
  await users.createMany(
    Array.from({ length: count }, (_, i) => ({ username: `u${String(i).padStart(5, "0")}` })),
  );
  return (await users.findMany({ order: { id: "ASC" } })).map((u) => u.id);
}

describe("paginate (offset)", () => {
  it("returns the page, totals and neighbours", async () => {
    await seedUsers(23);
    const users = t.get(UserController);
    const page = await users.paginate({ page: 3, perPage: 10, order: { username: "ASC" } });
    expect(page.items.map((u) => u.username)).toEqual(["u00020", "u00021", "u00022"]);
    expect(page).toMatchObject({ total: 23, page: 3, perPage: 10, pages: 3, hasNext: false, hasPrev: true });
    const first = await users.paginate({ page: 1, perPage: 10, where: { username: "u00001" } });
    expect(first).toMatchObject({ total: 1, pages: 1, hasNext: false, hasPrev: false });
  });

  it("refuses page sizes and page numbers out of range", async () => {
    const users = t.get(UserController);
    await expect(users.paginate({ page: 0, perPage: 10 })).rejects.toBeInstanceOf(ValidationError);
    await expect(users.paginate({ page: 1, perPage: 1000 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("paginateCursor (keyset)", () => {
  it("walks every row exactly once, in order, one statement per page", async () => {
    const ids = await seedUsers(57);
    const users = t.get(UserController);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { result, statements } = await t.db.queries.record(() =>
        users.paginateCursor({ after, limit: 10 }),
      );
      expect(statements).toHaveLength(1);
      seen.push(...result.items.map((u) => u.id));
      after = result.nextCursor;
      pages += 1;
    } while (after);
    expect(seen).toEqual(ids);
    expect(pages).toBe(6);
  });

  it("orders by a non-unique column with the primary key breaking ties, both directions", async () => {
    const users = t.get(UserController);
    await users.createMany(Array.from({ length: 9 }, (_, i) => ({ username: `same${i % 3}` })));
    for (const direction of ["ASC", "DESC"] as const) {
      const walked: string[] = [];
      let after: string | null = null;
      do {
        const page = await users.paginateCursor({ after, limit: 2, orderBy: "username", direction });
        walked.push(...page.items.map((u) => `${u.username}#${u.id}`));
        after = page.nextCursor;
      } while (after);
      const all = (await users.findMany({ order: { username: direction, id: direction } })).map(
        (u) => `${u.username}#${u.id}`,
      );
      expect(walked).toEqual(all);
    }
  });

  it("pages on a date column and filters with where", async () => {
    const guild = await makeGuild(t.container);
    const target = snowflake();
    for (let i = 0; i < 7; i += 1)
      await makeCase(t.container, { guildId: guild.id, targetId: i % 2 ? target : snowflake() });
    const cases = t.get(CaseController);
    const numbers: number[] = [];
    let after: string | null = null;
    do {
      const page = await cases.paginateCursor({
        after,
        limit: 2,
        orderBy: "createdAt",
        where: { guildId: guild.id, targetId: target },
      });
      numbers.push(...page.items.map((c) => c.number));
      after = page.nextCursor;
    } while (after);
    expect(numbers).toEqual([2, 4, 6]);
  });

  it("rejects a cursor it did not hand out", async () => {
    await expect(t.get(UserController).paginateCursor({ after: "garbage", limit: 5 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe("createMany", () => {
  it("splits rows so no statement exceeds the bind-parameter limit, all in one transaction", async () => {
    const users = t.get(UserController);
    const count = Math.floor(MAX_BIND_PARAMETERS / 2) + 100; // two columns per row → two INSERTs
    const rows = Array.from({ length: count }, (_, i) => ({ username: `bulk${i}`, displayName: `B ${i}` }));
    const { result, statements } = await t.db.queries.record(() => users.createMany(rows));
    expect(result).toBe(count);
    expect(statements.filter((s) => s.startsWith("INSERT"))).toHaveLength(2);
    expect(statements[0]).toBe("START TRANSACTION");
    expect(await users.count()).toBe(count);
  });

  it("inserts nothing when one row is invalid", async () => {
    const users = t.get(UserController);
    await expect(
      users.createMany([{ username: "ok" }, { username: "y".repeat(200) }]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await users.count()).toBe(0);
  });
});

describe("bulkUpdate and bulkDelete", () => {
  it("applies per-row changes in one statement and returns rows changed", async () => {
    const ids = await seedUsers(50);
    const users = t.get(UserController);
    const changes = ids.map((id) => ({ id, changes: { displayName: `name-${id}` } }));
    changes.push({ id: 999_999, changes: { displayName: "ghost" } });
    const { result, statements } = await t.db.queries.record(() => users.bulkUpdate(changes));
    expect(result).toBe(50);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/FROM unnest\(/);
    const after = await users.findMany({ order: { id: "ASC" } });
    expect(after.every((u) => u.displayName === `name-${u.id}`)).toBe(true);
  });

  it("groups rows by the columns they change, the later change to an id winning", async () => {
    const [a, b, c] = await seedUsers(3);
    const users = t.get(UserController);
    const changed = await users.bulkUpdate([
      { id: a!, changes: { displayName: "first" } },
      { id: b!, changes: { username: "renamed", displayName: "both" } },
      { id: a!, changes: { displayName: "second" } },
      { id: c!, changes: { lastSeenAt: new Date("2020-01-01T00:00:00Z") } },
    ]);
    expect(changed).toBe(3);
    expect((await users.getById(a!))?.displayName).toBe("second");
    expect(await users.getById(b!)).toMatchObject({ username: "renamed", displayName: "both" });
    expect((await users.getById(c!))?.lastSeenAt.toISOString()).toBe("2020-01-01T00:00:00.000Z");
  });

  it("merges a repeated id among ids far apart (too sparse for the byte map) as among close ones", async () => {
    const [a, b] = await seedUsers(2);
    const users = t.get(UserController);
    const changes = [
      { id: a!, changes: { displayName: "first" } },
      { id: 5_000_000, changes: { displayName: "nobody" } },
      { id: b!, changes: { displayName: "b" } },
      { id: a!, changes: { username: "later" } },
    ];
    const { result, statements } = await t.db.queries.record(() => users.bulkUpdate(changes));
    expect(result).toBe(2);
    expect(statements.filter((statement) => statement.startsWith("UPDATE"))).toHaveLength(2);
    expect(await users.getById(a!)).toMatchObject({ username: "later", displayName: "first" });
    expect((await users.getById(b!))?.displayName).toBe("b");
  });

  it("takes an id given as a number and as text for one row, the later change winning", async () => {
    const [a] = await seedUsers(1);
    const users = t.get(UserController);
    const changes = [
      { id: a!, changes: { displayName: "as a number" } },
      { id: String(a!), changes: { displayName: "as text" } },
    ];
    const { result, statements } = await t.db.queries.record(() => users.bulkUpdate(changes));
    expect(result).toBe(1);
    expect(statements).toHaveLength(1);
    expect((await users.getById(a!))?.displayName).toBe("as text");
  });

  it("validates every change before writing any", async () => {
    const [a, b] = await seedUsers(2);
    const users = t.get(UserController);
    await expect(
      users.bulkUpdate([
        { id: a!, changes: { displayName: "fine" } },
        { id: b!, changes: { username: "z".repeat(500) } },
      ]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await users.getById(a!))?.displayName).toBeNull();
  });

  it("bulkDelete removes the listed ids and counts them", async () => {
    const ids = await seedUsers(10);
    const users = t.get(UserController);
    expect(await users.bulkDelete([...ids.slice(0, 4), 123_456])).toBe(4);
    expect(await users.count()).toBe(6);
    expect(await users.bulkDelete([])).toBe(0);
  });
});
