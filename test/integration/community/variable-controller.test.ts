import { DatabaseService } from "../../../src/database/database-service";
import { VariableController } from "../../../src/controllers/variable-controller";
import { ValidationError } from "../../../src/database/errors";
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
      identifier: "VariableNotInteger",
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

  it("lists, deletes and clears session variables", async () => {
    const guildId = snowflake();
    const other = snowflake();
    await variables().set(guildId, "b", "1", "integer", "session");
    await variables().set(guildId, "a", "x", "string");
    await variables().set(other, "s", "x", "string", "session");
    expect((await variables().list(guildId)).items.map((variable) => variable.name)).toEqual(["a", "b"]);
    expect(await variables().clearSession(guildId)).toBe(1);
    expect(await variables().has(other, "s")).toBe(true);
    expect(await variables().clearSession()).toBe(1);
    expect(await variables().delete(guildId, "a")).toBe(true);
    expect(await variables().delete(guildId, "a")).toBe(false);
    await expect(variables().set(guildId, "Bad Name", "x", "string")).rejects.toBeInstanceOf(ValidationError);
  });
});
