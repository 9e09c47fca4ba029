import { CaseController } from "../../../src/controllers/case-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { RestrictionController } from "../../../src/controllers/restriction-controller";
import { CaseType } from "../../../src/entities";
import type { SimRole, SimUser } from "../../../simulator";
import type { WorldGuild } from "./fault-world";
import { moderation } from "./moderation-rows";
import { compare, one, simple } from "./row-kit";
import type { ActionRow, RunContext } from "./rows";

/** Each guild's restricted role and the role its members hold, made (and configured) once. */
const roles = new Map<string, { muted: SimRole; regular: SimRole }>();

async function restrictedRole({ world, where }: RunContext): Promise<{ muted: SimRole; regular: SimRole }> {
  const known = roles.get(where.guild.id);
  if (known) return known;
  const made = {
    muted: where.guild.createRole({ name: "Muted", position: 2 }),
    regular: where.guild.createRole({ name: "Regular", position: 1 }),
  };
  roles.set(where.guild.id, made);
  await world.app.container
    .resolve(GuildConfigController)
    .update(where.guild.id, { restrictedRoleId: made.muted.id });
  return made;
}

const rolesOf = (where: WorldGuild, target: SimUser) => where.guild.members.get(target.id)?.roles ?? [];
const roleIds = (where: WorldGuild) => {
  const made = roles.get(where.guild.id);
  if (!made) throw new Error("the row's roles were never made");
  return { muted: made.muted.id, regular: made.regular.id };
};

export const RESTRICTION_ROWS: readonly ActionRow[] = [
  moderation({
    name: "restrict",
    command: "restrict",
    type: CaseType.Restrict,
    steps: ["dm", "act", "modlog"],
    done: /^Restricted \*\*/,
    options: (target) => ({ user: target.id, reason: "matrix" }),
    async arrange(context, target) {
      const { regular } = await restrictedRole(context);
      context.where.guild.updateMember(target.id, (member) => (member.roles = [regular.id]));
    },
    extraStatements: ["restrictions.insert"],
    // Applied: the restricted role in place of the other; untouched: the other role alone.
    effect: (where, target) => {
      const { muted, regular } = roleIds(where);
      const held = rolesOf(where, target);
      if (held.length === 1 && held[0] === muted) return true;
      if (held.length === 1 && held[0] === regular) return false;
      return `half restricted (${held.join(", ")})`;
    },
  }),
  moderation({
    name: "unrestrict",
    command: "unrestrict",
    type: CaseType.Unrestrict,
    steps: ["act", "modlog"],
    done: /^Lifted \*\*.*'s restriction/,
    options: (target) => ({ user: target.id, reason: "matrix" }),
    async arrange(context, target) {
      const { world, where } = context;
      const { muted, regular } = await restrictedRole(context);
      const kase = await world.app.container.resolve(CaseController).createCase({
        guildId: where.guild.id,
        type: CaseType.Restrict,
        targetId: target.id,
        moderatorId: where.mod.id,
        reason: "earlier",
      });
      await world.app.container.resolve(RestrictionController).record(kase, muted.id, [regular.id]);
      where.guild.updateMember(target.id, (member) => (member.roles = [muted.id]));
    },
    effect: (where, target) => {
      const { muted, regular } = roleIds(where);
      const held = rolesOf(where, target);
      if (held.length === 1 && held[0] === regular) return true;
      if (held.length === 1 && held[0] === muted) return false;
      return `half lifted (${held.join(", ")})`;
    },
  }),
];

/** `/config persistent-roles add|remove`: one role in the list, or none. */
const PERSISTENT_ROLE_ROWS: readonly ActionRow[] = (["add", "remove"] as const).map((how) =>
  simple({
    name: `config persistent-roles ${how}`,
    covers: [`config persistent-roles ${how}`],
    statementSteps: ["configs.write"],
    done: how === "add" ? /is now a persistent role/ : /is no longer a persistent role/,
    async prepare({ world, where }) {
      const role = where.guild.createRole({ name: "Kept", position: 2 });
      if (how === "remove") {
        await world.app.container.resolve(GuildConfigController).addPersistentRole(where.guild.id, role.id);
      }
      const read = () =>
        one(world, "SELECT persistent_role_ids::text[] AS value FROM guild_configs WHERE guild_id = $1", [
          where.guild.id,
        ]);
      const [withRole, without] = [{ value: [role.id] }, { value: [] }];
      return {
        input: {
          userId: where.mod.id,
          name: "config",
          group: "persistent-roles",
          subcommand: how,
          options: { role: role.id },
        },
        state: compare(read, how === "add" ? withRole : without, how === "add" ? without : withRole),
      };
    },
  }),
);

/** `/config restricted-role set|clear`, from none to a role and back; and the persistent roles. */
export const RESTRICTED_ROLE_ROWS: readonly ActionRow[] = [
  ...PERSISTENT_ROLE_ROWS,
  ...(["set", "clear"] as const).map((how) =>
    simple({
      name: `config restricted-role ${how}`,
      covers: [`config restricted-role ${how}`],
      statementSteps: ["configs.write"],
      done: how === "set" ? /is now the restricted role/ : /^No restricted role any more/,
      async prepare({ world, where }) {
        const role = where.guild.createRole({ name: "Jailed", position: 2 });
        if (how === "clear") {
          await world.app.container
            .resolve(GuildConfigController)
            .update(where.guild.id, { restrictedRoleId: role.id });
        }
        const read = () =>
          one(world, "SELECT restricted_role_id::text AS value FROM guild_configs WHERE guild_id = $1", [
            where.guild.id,
          ]);
        const [withRole, without] = [{ value: role.id }, { value: null }];
        return {
          input: {
            userId: where.mod.id,
            name: "config",
            group: "restricted-role",
            subcommand: how,
            options: (how === "set" ? { role: role.id } : {}) as Record<string, string>,
          },
          state: compare(read, how === "set" ? withRole : without, how === "set" ? without : withRole),
        };
      },
    }),
  ),
];
