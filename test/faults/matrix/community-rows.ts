import { isDeepStrictEqual } from "node:util";
import { EconomyController } from "../../../src/controllers/economy-controller";
import { GroupController } from "../../../src/controllers/group-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { TagController } from "../../../src/controllers/tag-controller";
import { VariableController } from "../../../src/controllers/variable-controller";
import { CODES } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import {
  APPLIED,
  UNTOUCHED,
  type ActionRow,
  type CommandSpec,
  type PreparedRun,
  type RunContext,
} from "./rows";

/** "applied" or "untouched" when `read` shows one of them, else what it shows. */
function compare(read: () => Promise<unknown>, applied: unknown, untouched: unknown) {
  return async (): Promise<string> => {
    const value = await read();
    if (isDeepStrictEqual(value, applied)) return APPLIED;
    if (isDeepStrictEqual(value, untouched)) return UNTOUCHED;
    return `half done: ${JSON.stringify(value)}`;
  };
}

async function one<T extends object = Record<string, unknown>>(
  world: FaultWorld,
  text: string,
  params: unknown[],
): Promise<T | null> {
  return (await world.sql<T>(text, params))[0] ?? null;
}

/** A row whose run is the command alone, judged by one read of the records. */
function simple(
  spec: Omit<ActionRow, "prepare" | "discordSteps"> & {
    prepare(context: RunContext): Promise<Omit<PreparedRun, "routes">>;
  },
): ActionRow {
  return {
    ...spec,
    discordSteps: [],
    prepare: async (context) => ({ routes: {}, ...(await spec.prepare(context)) }),
  };
}

const seed = (world: FaultWorld, where: WorldGuild, userId: string, amount: bigint) =>
  world.app.container.resolve(EconomyController).add(where.guild.id, userId, amount, where.mod.id, "seed");

const balances =
  (world: FaultWorld, where: WorldGuild, ...userIds: string[]) =>
  async () => {
    const rows = await world.sql<{ user_id: string; balance: number; ledger: number }>(
      `SELECT b.user_id, b.balance::int AS balance,
            (SELECT COALESCE(SUM(delta), 0)::int FROM ledger_entries l
              WHERE l.guild_id = b.guild_id AND l.user_id = b.user_id) AS ledger
       FROM member_balances b WHERE b.guild_id = $1`,
      [where.guild.id],
    );
    const off = rows.filter((row) => row.balance !== row.ledger).map((row) => row.user_id);
    if (off.length > 0) return { ledgerDisagrees: off };
    return userIds.map((id) => rows.find((row) => row.user_id === id)?.balance ?? 0);
  };

const economyRows: ActionRow[] = [
  simple({
    name: "give",
    covers: ["give"],
    statementSteps: ["balances.write", "ledger.insert"],
    done: /^Gave \*\*30 points\*\*/,
    async prepare({ world, where }) {
      const [giver, taker] = [where.member("giver"), where.member("taker")];
      await seed(world, where, giver.id, 100n);
      return {
        input: { userId: giver.id, name: "give", options: { user: taker.id, amount: 30 } },
        state: compare(balances(world, where, giver.id, taker.id), [70, 30], [100, 0]),
      };
    },
  }),
  simple({
    name: "daily",
    covers: ["daily"],
    statementSteps: ["cooldowns.take", "balances.write", "ledger.insert"],
    done: /^You claimed your daily/,
    async prepare({ world, where }) {
      const claimer = where.member("claimer");
      const read = async () => ({
        balance: (await balances(world, where, claimer.id)()) as unknown,
        cooldowns: (
          await world.sql("SELECT 1 FROM cooldowns WHERE guild_id = $1 AND user_id = $2", [
            where.guild.id,
            claimer.id,
          ])
        ).length,
      });
      return {
        input: { userId: claimer.id, name: "daily" },
        state: compare(read, { balance: [100], cooldowns: 1 }, { balance: [0], cooldowns: 0 }),
      };
    },
  }),
  ...(
    [
      ["add", 0n, 25, [25], /^Added 25 points/],
      ["remove", 100n, 40, [60], /^Removed 40 points/],
      ["set", 100n, 10, [10], /^Set <@\d+>'s points/],
    ] as const
  ).map(([how, start, amount, after, done]) =>
    simple({
      name: `economy ${how}`,
      covers: [`economy ${how}`],
      statementSteps: ["balances.write", "ledger.insert"],
      done,
      async prepare({ world, where }) {
        const holder = where.member("holder");
        if (start > 0n) await seed(world, where, holder.id, start);
        return {
          input: {
            userId: where.mod.id,
            name: "economy",
            subcommand: how,
            options: { user: holder.id, amount, reason: "matrix" },
          },
          state: compare(balances(world, where, holder.id), after, [Number(start)]),
        };
      },
    }),
  ),
];

/** Warns a member through the bot (a case with its mod-log message); resolves with the case's id and message. */
async function warned(world: FaultWorld, where: WorldGuild, name: string) {
  const target = where.member(name);
  const reply = await world.sim
    .command({
      guildId: where.guild.id,
      userId: where.mod.id,
      name: "warn",
      options: { user: target.id, reason: "matrix" },
    })
    .reply();
  expect(reply.content).toMatch(/^Warned/);
  const kase = await one<{ id: number; mod_log_message_id: string | null }>(
    world,
    "SELECT id, mod_log_message_id FROM cases WHERE guild_id = $1 AND target_id = $2",
    [where.guild.id, target.id],
  );
  if (!kase?.mod_log_message_id) throw new Error("the warning was not posted to the mod log");
  return { id: kase.id, messageId: kase.mod_log_message_id };
}

function caseRow(spec: {
  subcommand: string;
  options: Record<string, string | number>;
  statement: "cases.edit" | "cases.void";
  done: RegExp;
  read: string;
  applied: (first: number) => unknown;
  untouched: unknown;
}): ActionRow {
  return {
    name: `case ${spec.subcommand}`,
    covers: [`case ${spec.subcommand}`],
    discordSteps: ["modlog-edit"],
    statementSteps: [spec.statement, "case_edits.insert"],
    done: spec.done,
    async prepare({ world, where }) {
      const first = await warned(world, where, "first");
      const second = await warned(world, where, "second");
      const edited = spec.options.refers_to === undefined ? first : second;
      const read = async () => ({
        ...(await one(world, spec.read, [edited.id])),
        edits: (await world.sql("SELECT 1 FROM case_edits WHERE case_id = $1", [edited.id])).length,
      });
      return {
        input: { userId: where.mod.id, name: "case", subcommand: spec.subcommand, options: spec.options },
        routes: {
          "modlog-edit": {
            method: "PATCH",
            path: `/channels/${where.modLog.id}/messages/${edited.messageId}`,
            notFound: CODES.unknownMessage,
            forbidden: CODES.missingAccess,
          },
        },
        scopes: { "case_edits.insert": where.mod.id },
        state: compare(read, spec.applied(first.id), spec.untouched),
      };
    },
  };
}

const caseRows: ActionRow[] = [
  caseRow({
    subcommand: "reason",
    options: { number: 1, reason: "edited" },
    statement: "cases.edit",
    done: /^Updated the reason of case #1/,
    read: "SELECT reason FROM cases WHERE id = $1",
    applied: () => ({ reason: "edited", edits: 1 }),
    untouched: { reason: "matrix", edits: 0 },
  }),
  caseRow({
    subcommand: "delete",
    options: { number: 1, reason: "mistake" },
    statement: "cases.void",
    done: /^Deleted case #1/,
    read: "SELECT voided FROM cases WHERE id = $1",
    applied: () => ({ voided: true, edits: 1 }),
    untouched: { voided: false, edits: 0 },
  }),
  caseRow({
    subcommand: "link",
    options: { number: 2, refers_to: 1 },
    statement: "cases.edit",
    done: /^Case #2 now refers to case #1/,
    read: "SELECT ref_case_id FROM cases WHERE id = $1",
    applied: (first) => ({ ref_case_id: first, edits: 1 }),
    untouched: { ref_case_id: null, edits: 0 },
  }),
];

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

const tagRows: ActionRow[] = [
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
const variableRows: ActionRow[] = [
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

const configOf = (world: FaultWorld, where: WorldGuild, column: string) => () =>
  one(world, `SELECT ${column} AS value FROM guild_configs WHERE guild_id = $1`, [where.guild.id]);
const configRows: ActionRow[] = [
  simple({
    name: "config modlog",
    covers: ["config modlog"],
    statementSteps: ["configs.write"],
    done: /^Cases will be posted in/,
    prepare: async ({ world, where }) => {
      const general = where.guild.firstTextChannel();
      return {
        input: {
          userId: where.mod.id,
          name: "config",
          subcommand: "modlog",
          options: { channel: general.id },
        },
        state: compare(
          configOf(world, where, "mod_log_channel_id::text"),
          { value: general.id },
          {
            value: where.modLog.id,
          },
        ),
      };
    },
  }),
  simple({
    name: "config dm-on-action",
    covers: ["config dm-on-action"],
    statementSteps: ["configs.write"],
    done: /no longer get a DM/,
    prepare: async ({ world, where }) => ({
      input: {
        userId: where.mod.id,
        name: "config",
        subcommand: "dm-on-action",
        options: { enabled: false },
      },
      state: compare(configOf(world, where, "dm_on_action"), { value: false }, { value: true }),
    }),
  }),
  ...(["add", "remove"] as const).map((how) =>
    simple({
      name: `config modrole ${how}`,
      covers: [`config modrole ${how}`],
      statementSteps: ["configs.write"],
      done: how === "add" ? /is now a moderator role/ : /is no longer a moderator role/,
      async prepare({ world, where }) {
        if (how === "remove") {
          await world.app.container
            .resolve(GuildConfigController)
            .addModeratorRole(where.guild.id, where.modRole.id);
        }
        const listed = async () =>
          ((await configOf(world, where, "moderator_role_ids::text[]")())?.value as string[]).includes(
            where.modRole.id,
          );
        return {
          input: {
            userId: where.guild.ownerId,
            name: "config",
            group: "modrole",
            subcommand: how,
            options: { role: where.modRole.id },
          },
          state: compare(listed, how === "add", how === "remove"),
        };
      },
    }),
  ),
  simple({
    name: "logging messages",
    covers: ["logging messages"],
    statementSteps: ["configs.write"],
    done: /will now be kept/,
    prepare: async ({ world, where }) => ({
      input: { userId: where.mod.id, name: "logging", subcommand: "messages", options: { enabled: true } },
      state: compare(configOf(world, where, "message_log_enabled"), { value: true }, { value: false }),
    }),
  }),
  simple({
    name: "logging retention",
    covers: ["logging retention"],
    statementSteps: ["configs.write"],
    done: /kept for 7 days/,
    prepare: async ({ world, where }) => ({
      input: { userId: where.mod.id, name: "logging", subcommand: "retention", options: { days: 7 } },
      state: compare(configOf(world, where, "retention_days"), { value: 7 }, { value: 30 }),
    }),
  }),
];

const groupId = async (world: FaultWorld, where: WorldGuild) =>
  (await world.app.container.resolve(GroupController).createGroup(where.guild.id, "crew")).id;
const groupCount = (world: FaultWorld, where: WorldGuild) => async () =>
  (await world.sql("SELECT 1 FROM member_groups WHERE guild_id = $1", [where.guild.id])).length;
const inGroup = (world: FaultWorld, userId: string) => async () =>
  (await world.sql("SELECT 1 FROM group_members WHERE user_id = $1", [userId])).length;
const groupRows: ActionRow[] = [
  simple({
    name: "group create",
    covers: ["group create"],
    statementSteps: ["groups.insert"],
    done: /^Created the group `crew`/,
    prepare: async ({ world, where }) => ({
      input: { userId: where.mod.id, name: "group", subcommand: "create", options: { name: "crew" } },
      state: compare(groupCount(world, where), 1, 0),
    }),
  }),
  simple({
    name: "group delete",
    covers: ["group delete"],
    statementSteps: ["groups.delete"],
    done: /^Deleted the group `crew`/,
    async prepare({ world, where }) {
      await groupId(world, where);
      return {
        input: { userId: where.mod.id, name: "group", subcommand: "delete", options: { name: "crew" } },
        state: compare(groupCount(world, where), 0, 1),
      };
    },
  }),
  ...(["add", "remove"] as const).map((how) =>
    simple({
      name: `group ${how}`,
      covers: [`group ${how}`],
      statementSteps: [how === "add" ? "group_members.insert" : "group_members.delete"],
      done: how === "add" ? /^Added <@\d+> to `crew`/ : /^Removed <@\d+> from `crew`/,
      async prepare({ world, where }) {
        const id = await groupId(world, where);
        const member = where.member("grouped");
        if (how === "remove") await world.app.container.resolve(GroupController).addMember(id, member.id);
        return {
          input: {
            userId: where.mod.id,
            name: "group",
            subcommand: how,
            options: { name: "crew", user: member.id },
          },
          scopes: { "group_members.insert": member.id, "group_members.delete": member.id },
          state: compare(inGroup(world, member.id), how === "add" ? 1 : 0, how === "add" ? 0 : 1),
        };
      },
    }),
  ),
];

const linked = (world: FaultWorld, handle: string) => async () =>
  (
    await world.sql("SELECT 1 FROM user_identities WHERE platform = 'github' AND platform_username = $1", [
      handle,
    ])
  ).length;
const profileRows: ActionRow[] = [
  ...(["link", "unlink"] as const).map((how) =>
    simple({
      name: how,
      covers: [how],
      statementSteps: [how === "link" ? "identities.insert" : "identities.delete"],
      done: how === "link" ? /^Linked github account/ : /^Unlinked github account/,
      async prepare({ world, where }) {
        const member = where.member("linker");
        const handle = `gh${member.id}`;
        if (how === "unlink") {
          const reply = await world.sim
            .command({
              guildId: where.guild.id,
              userId: member.id,
              name: "link",
              options: { platform: "github", handle },
            })
            .reply();
          expect(reply.content).toMatch(/^Linked/);
        }
        return {
          input: {
            userId: member.id,
            name: how,
            options: { platform: "github", ...(how === "link" ? { handle } : {}) },
          },
          scopes: { "identities.insert": handle, "identities.delete": handle },
          state: compare(linked(world, handle), how === "link" ? 1 : 0, how === "link" ? 0 : 1),
        };
      },
    }),
  ),
  simple({
    name: "preferences",
    covers: ["preferences"],
    statementSteps: ["preferences.write"],
    done: /^Saved\./,
    async prepare({ world, where }) {
      const member = where.member("private");
      const read = async () =>
        (
          await one<{ dm_on_case: boolean }>(
            world,
            "SELECT dm_on_case FROM user_preferences WHERE discord_user_id = $1",
            [member.id],
          )
        )?.dm_on_case ?? true;
      return {
        input: { userId: member.id, name: "preferences", options: { dm_on_case: false } },
        scopes: { "preferences.write": member.id },
        state: compare(read, false, true),
      };
    },
  }),
];

export const COMMUNITY_ROWS: readonly ActionRow[] = [
  ...economyRows,
  ...caseRows,
  ...tagRows,
  ...variableRows,
  ...configRows,
  ...groupRows,
  ...profileRows,
];
