import { DatabaseService } from "../../../src/database/database-service";
import { ProcessBootController } from "../../../src/controllers/process-boot-controller";
import { VariableController } from "../../../src/controllers/variable-controller";
import { ValidationError } from "../../../src/errors/validation-error";
import { UserError } from "../../../src/errors/user-error";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();
const variables = (): VariableController => t.get(VariableController);

describe("VariableController", () => {
  it("keeps each type on the way back", async () => {
    const guildId = snowflake();
    const cases: Array<[Parameters<VariableController["set"]>[3], string, unknown]> = [
      ["string", "hello", "hello"],
      ["integer", "42", 42],
      ["float", "2.5", 2.5],
      ["boolean", "yes", true],
      ["json", '{"a":[1,"x"]}', { a: [1, "x"] }],
      ["list", "[1,2]", [1, 2]],
      ["string", "123", "123"],
    ];
    for (const [index, [type, raw, expected]] of cases.entries()) {
      await variables().set(guildId, `v${index}`, raw, type);
      expect(await variables().get(guildId, `V${index}`)).toEqual({ type, value: expected });
    }
  });

  it("refuses a value that does not fit its type, naming value", async () => {
    const guildId = snowflake();
    const bad: Array<[Parameters<VariableController["set"]>[3], unknown]> = [
      ["integer", "1.5"],
      ["integer", "9007199254740993"],
      ["float", "NaN"],
      ["float", "Infinity"],
      ["boolean", "maybe"],
      ["json", "{oops"],
      ["list", '{"a":1}'],
    ];
    for (const [type, raw] of bad) {
      const error = await variables()
        .set(guildId, "x", raw, type)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields)).toEqual(["value"]);
    }
    expect(await variables().has(guildId, "x")).toBe(false);
  });

  it("increments atomically, creating the variable, and refuses other types", async () => {
    const guildId = snowflake();
    await Promise.all(Array.from({ length: 50 }, () => variables().increment(guildId, "hits", 2)));
    expect(await variables().get(guildId, "hits")).toEqual({ type: "integer", value: 100 });
    const { statements } = await t
      .get(DatabaseService)
      .queries.record(() => variables().increment(guildId, "hits"));
    expect(statements).toHaveLength(1);
    await variables().set(guildId, "label", "x", "string");
    await expect(variables().increment(guildId, "label")).rejects.toMatchObject({
      identifier: "variables.not_integer",
    });
  });

  it("appends atomically, keeping the last maxLength items", async () => {
    const guildId = snowflake();
    for (let index = 0; index < 5; index += 1) await variables().append(guildId, "recent", index, 3);
    expect(await variables().get(guildId, "recent")).toEqual({ type: "list", value: [2, 3, 4] });
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => variables().append(guildId, "all", index, 100)),
    );
    expect(((await variables().get(guildId, "all"))?.value as unknown[]).length).toBe(30);
    await variables().set(guildId, "n", "1", "integer");
    await expect(variables().append(guildId, "n", 1)).rejects.toBeInstanceOf(UserError);
  });

  it("lists and deletes variables", async () => {
    const guildId = snowflake();
    await variables().set(guildId, "b", "1", "integer", "session");
    await variables().set(guildId, "a", "x", "string");
    expect((await variables().list(guildId)).items.map((variable) => variable.name)).toEqual(["a", "b"]);
    expect(await variables().delete(guildId, "a")).toBe(true);
    expect(await variables().delete(guildId, "a")).toBe(false);
    await expect(variables().set(guildId, "Bad Name", "x", "string")).rejects.toBeInstanceOf(ValidationError);
  });

  it("ties a session variable to this run, and forgets it with the run", async () => {
    const guildId = snowflake();
    const boots = t.get(ProcessBootController);
    const session = await variables().set(guildId, "s", "x", "string", "session");
    expect(session.bootId).toBe(boots.bootId);
    expect((await variables().set(guildId, "p", "x", "string")).bootId).toBeNull();
    // Set again as persistent, it no longer belongs to the run.
    await variables().set(guildId, "moved", "1", "integer", "session");
    await variables().set(guildId, "moved", "1", "integer", "persistent");

    await t.db.sql(`UPDATE process_boots SET lease_until = now() - interval '1 second' WHERE id = $1`, [
      boots.bootId,
    ]);
    expect(await boots.forgetDead()).toBe(1);
    expect(await variables().has(guildId, "s")).toBe(false);
    expect(await variables().has(guildId, "p")).toBe(true);
    expect(await variables().has(guildId, "moved")).toBe(true);

    // A run judged dead registers again at its next session write (or heartbeat).
    await variables().set(guildId, "again", "1", "integer", "session");
    await boots.retire();
    expect(await variables().has(guildId, "again")).toBe(false);
  });

  it("renews only its own lease and forgets only expired runs", async () => {
    const boots = t.get(ProcessBootController);
    const other = "00000000-0000-4000-8000-000000000001";
    await t.db.sql(
      `INSERT INTO process_boots (id, host, pid, lease_until) VALUES ($1, 'elsewhere', 1, now() + interval '1 hour')`,
      [other],
    );
    await boots.renew();
    expect(await boots.forgetDead()).toBe(0);
    const { rows } = await t.db.sql<{ id: string }>(`SELECT id FROM process_boots ORDER BY id`);
    expect(rows.map((row) => row.id).sort()).toEqual([other, boots.bootId].sort());
  });
});
