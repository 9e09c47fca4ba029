import { TagController } from "../../../src/controllers/tag-controller";
import { VariableController } from "../../../src/controllers/variable-controller";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, one, simple } from "./row-kit";
import type { ActionRow, CommandSpec } from "./rows";

const newTag = (world: FaultWorld, where: WorldGuild, cooldownSeconds = 0) =>
  world.app.container.resolve(TagController).createTag({
    guildId: where.guild.id,
    name: "hello",
    response: "used!",
    createdBy: where.mod.id,
    cooldownSeconds,
    modOnly: false,
    groupId: null,
  });
const tagOf = (world: FaultWorld, where: WorldGuild) => () =>
  one<{ response: string; uses: number }>(
    world,
    "SELECT response, uses FROM tags WHERE guild_id = $1 AND name_key = 'hello'",
    [where.guild.id],
  );
const tag = (where: WorldGuild, subcommand: string, options: CommandSpec["options"]): CommandSpec => ({
  userId: where.mod.id,
  name: "tag",
  subcommand,
  ...(options ? { options } : {}),
});

/** /tag create, edit, delete and use. */
export const TAG_ROWS: readonly ActionRow[] = [
  simple({
    name: "tag create",
    covers: ["tag create"],
    statementSteps: ["tags.insert"],
    done: /^Created the tag `hello`/,
    prepare: async ({ world, where }) => ({
      input: tag(where, "create", { name: "hello", response: "used!" }),
      state: compare(tagOf(world, where), { response: "used!", uses: 0 }, null),
    }),
  }),
  simple({
    name: "tag edit",
    covers: ["tag edit"],
    statementSteps: ["tags.update"],
    done: /^Updated the tag `hello`/,
    async prepare({ world, where }) {
      await newTag(world, where);
      return {
        input: tag(where, "edit", { name: "hello", response: "changed" }),
        state: compare(tagOf(world, where), { response: "changed", uses: 0 }, { response: "used!", uses: 0 }),
      };
    },
  }),
  simple({
    name: "tag delete",
    covers: ["tag delete"],
    statementSteps: ["tags.delete"],
    done: /^Deleted the tag `hello`/,
    async prepare({ world, where }) {
      await newTag(world, where);
      return {
        input: tag(where, "delete", { name: "hello" }),
        state: compare(tagOf(world, where), null, { response: "used!", uses: 0 }),
      };
    },
  }),
  simple({
    // Using a tag with a cooldown takes the cooldown and counts the use: both or neither.
    name: "tag use",
    covers: ["tag use"],
    statementSteps: ["cooldowns.take", "tags.update"],
    done: /^used!$/,
    async prepare({ world, where }) {
      await newTag(world, where, 600);
      const user = where.member("user");
      const read = async () => ({
        uses: (await tagOf(world, where)())?.uses,
        cooldowns: (
          await world.sql("SELECT 1 FROM cooldowns WHERE guild_id = $1 AND user_id = $2", [
            where.guild.id,
            user.id,
          ])
        ).length,
      });
      return {
        input: { ...tag(where, "use", { name: "hello" }), userId: user.id },
        state: compare(read, { uses: 1, cooldowns: 1 }, { uses: 0, cooldowns: 0 }),
      };
    },
  }),
];

const variable = (world: FaultWorld, where: WorldGuild) => () =>
  one(world, "SELECT value FROM variables WHERE guild_id = $1 AND name = 'count'", [where.guild.id]);
const setCount = (world: FaultWorld, where: WorldGuild) =>
  world.app.container.resolve(VariableController).set(where.guild.id, "count", "1", "integer");
/** /var set, incr and delete. */
export const VARIABLE_ROWS: readonly ActionRow[] = [
  simple({
    name: "var set",
    covers: ["var set"],
    statementSteps: ["variables.write"],
    done: /^Set `count`/,
    prepare: async ({ world, where }) => ({
      input: {
        userId: where.mod.id,
        name: "var",
        subcommand: "set",
        options: { name: "count", value: "7", type: "integer" },
      },
      state: compare(variable(world, where), { value: 7 }, null),
    }),
  }),
  simple({
    name: "var incr",
    covers: ["var incr"],
    statementSteps: ["variables.write"],
    done: /^`count` is now 2/,
    async prepare({ world, where }) {
      await setCount(world, where);
      return {
        input: { userId: where.mod.id, name: "var", subcommand: "incr", options: { name: "count" } },
        state: compare(variable(world, where), { value: 2 }, { value: 1 }),
      };
    },
  }),
  simple({
    name: "var delete",
    covers: ["var delete"],
    statementSteps: ["variables.delete"],
    done: /^Deleted `count`/,
    async prepare({ world, where }) {
      await setCount(world, where);
      return {
        input: { userId: where.mod.id, name: "var", subcommand: "delete", options: { name: "count" } },
        state: compare(variable(world, where), null, { value: 1 }),
      };
    },
  }),
];
