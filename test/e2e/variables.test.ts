import { PermissionFlagsBits } from "discord.js";
import { VariablesCog } from "../../src/cogs/variables/variables-cog";
import { VariableController } from "../../src/controllers/variable-controller";
import { useAdminGuild } from "../support/admin-guild";

describe("/var", () => {
  const world = useAdminGuild("variables", [VariablesCog]);

  const variables = (): VariableController => world.app.container.resolve(VariableController);
  const run = (
    subcommand: string,
    options: Record<string, string | number | boolean> = {},
    userId = world.admin.id,
  ) => world.sim.command({ guildId: world.guild.id, userId, name: "var", subcommand, options }).answer();

  it("is registered for Manage Server", () => {
    const command = world.sim.registeredCommands().find((candidate) => candidate.name === "var");
    expect(command?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
  });

  it("sets and gets each type, keeping the type", async () => {
    expect((await run("set", { name: "Greeting", value: "hi there" })).content).toBe(
      "Set `greeting` (string) to `hi there`.",
    );
    expect((await run("set", { name: "limit", value: "42", type: "integer" })).content).toContain(
      "(integer)",
    );
    expect((await run("set", { name: "flags", value: '{"a":[1,true]}', type: "json" })).content).toContain(
      '`{"a":[1,true]}`',
    );
    expect((await run("get", { name: "LIMIT" })).content).toBe("`limit` (integer): `42`");
    expect(await variables().get(world.guild.id, "flags")).toEqual({ type: "json", value: { a: [1, true] } });
  });

  it("refuses a value that does not fit its type", async () => {
    const reply = await run("set", { name: "count", value: "1.5", type: "integer" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^That didn't work:\n• `value`: must be a whole number/);
    expect((await run("set", { name: "on", value: "maybe", type: "boolean" })).content).toContain("`value`");
    expect(await variables().has(world.guild.id, "count")).toBe(false);
  });

  it("stores text with U+0000 without it, and refuses a value that was nothing else", async () => {
    expect((await run("set", { name: "nul", value: "hi\u0000 there" })).content).toBe(
      "Set `nul` (string) to `hi there`.",
    );
    expect((await run("set", { name: "nul-json", value: '{"a":"x\\u0000y"}', type: "json" })).content).toBe(
      'Set `nul-json` (json) to `{"a":"xy"}`.',
    );
    const empty = await run("set", { name: "nul-only", value: "\u0000\u0000" });
    expect(empty.ephemeral).toBe(true);
    expect(empty.content).toBe("That didn't work:\n• `value`: must contain some text (U+0000 is removed)");
    expect(await variables().has(world.guild.id, "nul-only")).toBe(false);
  });

  it("increments, creating the variable, and refuses non-integers", async () => {
    expect((await run("incr", { name: "visits" })).content).toBe("`visits` is now 1.");
    expect((await run("incr", { name: "visits", by: 9 })).content).toBe("`visits` is now 10.");
    await run("set", { name: "label", value: "x" });
    expect((await run("incr", { name: "label" })).content).toBe(
      "`label` is a string variable; only integer variables can be incremented.",
    );
  });

  it("lists and deletes, and refuses unknown variables", async () => {
    await run("set", { name: "temp", value: "1", type: "float", session: true });
    const list = await run("list");
    expect(list.content).toContain("`temp` (float, session): `1`");
    expect(list.content).toMatch(/Page 1 of 1 · \d+ variables/);
    expect((await run("delete", { name: "temp" })).content).toBe("Deleted `temp`.");
    expect((await run("delete", { name: "temp" })).content).toBe("There is no variable named `temp`.");
    expect((await run("get", { name: "nope" })).content).toBe("There is no variable named `nope`.");
  });

  it("answers in German to a member whose Discord is in German", async () => {
    const aufDeutsch = (subcommand: string, options: Record<string, string | number> = {}) =>
      world.sim
        .command({
          guildId: world.guild.id,
          userId: world.admin.id,
          name: "var",
          subcommand,
          options,
          locale: "de",
        })
        .answer();
    expect((await aufDeutsch("set", { name: "zaehler", value: "5", type: "integer" })).content).toBe(
      "`zaehler` (Ganzzahl) ist jetzt `5`.",
    );
    expect((await aufDeutsch("incr", { name: "zaehler", by: 2 })).content).toBe("`zaehler` ist jetzt 7.");
    expect((await aufDeutsch("get", { name: "zaehler" })).content).toBe("`zaehler` (Ganzzahl): `7`");
    await aufDeutsch("set", { name: "gruss", value: "hallo" });
    expect((await aufDeutsch("incr", { name: "gruss" })).content).toBe(
      "`gruss` ist eine Variable vom Typ Text; nur Ganzzahl-Variablen lassen sich erhöhen.",
    );
    expect((await aufDeutsch("list", { page: 9 })).content).toBe("Es gibt nur 1 Seite.");
    expect((await aufDeutsch("list")).content).toMatch(/\nSeite 1 von 1 · \d+ Variablen$/);
    const missing = await aufDeutsch("get", { name: "nichts" });
    expect(missing).toMatchObject({ ephemeral: true, content: "Es gibt keine Variable namens `nichts`." });
    expect((await aufDeutsch("delete", { name: "gruss" })).content).toBe("`gruss` gelöscht.");
  });

  it("refuses members without Manage Server or a moderator role", async () => {
    const invocations: Array<[string, Record<string, string>]> = [
      ["set", { name: "visits", value: "1" }],
      ["get", { name: "visits" }],
      ["incr", { name: "visits" }],
      ["list", {}],
      ["delete", { name: "visits" }],
    ];
    for (const [subcommand, options] of invocations) {
      const reply = await run(subcommand, options, world.alice.id);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain("You need the Manage Server permission or a moderator role");
    }
    expect(await variables().get(world.guild.id, "visits")).toEqual({ type: "integer", value: 10 });
  });

  it("clears, when the cogs start, only session variables that no process run owns", async () => {
    await world.app.database.sql(
      `INSERT INTO variables (guild_id, name, type, scope, value) VALUES ($1, 'orphan', 'integer', 'session', '1')`,
      [world.guild.id],
    );
    await variables().set(world.guild.id, "mine", "1", "integer", "session");
    const cog = world.app.cogs.find(
      (candidate): candidate is VariablesCog => candidate instanceof VariablesCog,
    );
    await cog?.onDbReady();
    expect(await variables().has(world.guild.id, "orphan")).toBe(false);
    expect(await variables().has(world.guild.id, "mine")).toBe(true);
    expect(await variables().has(world.guild.id, "visits")).toBe(true);
  });
});
