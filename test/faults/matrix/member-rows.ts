import { GroupController } from "../../../src/controllers/group-controller";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, one, simple, SETUP_REPLY_MS } from "./row-kit";
import type { ActionRow } from "./rows";

const groupId = async (world: FaultWorld, where: WorldGuild) =>
  (await world.app.container.resolve(GroupController).createGroup(where.guild.id, "crew")).id;
const groupCount = (world: FaultWorld, where: WorldGuild) => async () =>
  (await world.sql("SELECT 1 FROM member_groups WHERE guild_id = $1", [where.guild.id])).length;
const inGroup = (world: FaultWorld, userId: string) => async () =>
  (await world.sql("SELECT 1 FROM group_members WHERE user_id = $1", [userId])).length;
const quoteCount = (world: FaultWorld, where: WorldGuild) => async () =>
  (await world.sql("SELECT 1 FROM quotes WHERE guild_id = $1", [where.guild.id])).length;

/** /quote add. */
export const QUOTE_ROWS: readonly ActionRow[] = [
  simple({
    name: "quote add",
    covers: ["quote add"],
    statementSteps: ["quotes.insert"],
    done: /^Saved to the quote book\.$/,
    prepare: async ({ world, where }) => ({
      input: { userId: where.mod.id, name: "quote", subcommand: "add", options: { text: "Ship it." } },
      state: compare(quoteCount(world, where), 1, 0),
    }),
  }),
];

/** /group create, delete, add and remove. */
export const GROUP_ROWS: readonly ActionRow[] = [
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
/** /link, /unlink and /preferences: a member's own records. */
export const PROFILE_ROWS: readonly ActionRow[] = [
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
            .answer(SETUP_REPLY_MS);
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
