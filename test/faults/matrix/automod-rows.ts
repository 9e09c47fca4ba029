import { AutomodController } from "../../../src/controllers/automod-controller";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, one, simple } from "./row-kit";
import type { ActionRow } from "./rows";

const ruleOf = (world: FaultWorld, where: WorldGuild, rule: string, column: string) => async () =>
  (
    await one(world, `SELECT ${column} AS value FROM automod_rules WHERE guild_id = $1 AND rule = $2`, [
      where.guild.id,
      rule,
    ])
  )?.value ?? null;
const includes = (read: () => Promise<unknown>, value: string) => async () =>
  ((await read()) as string[] | null)?.includes(value) ?? false;
const command = (
  where: WorldGuild,
  subcommand: string,
  options: Record<string, string | number | boolean>,
) => ({
  userId: where.guild.ownerId,
  name: "automod",
  subcommand,
  options,
});

/** Lists change by one statement each: an entry is there, or not. */
const listRows = (
  [name, rule, column, value, done]: [string, string, string, string, RegExp],
  adds: boolean,
): ActionRow =>
  simple({
    name: `automod ${name}`,
    covers: [`automod ${name}`],
    statementSteps: ["automod_rules.write"],
    done,
    async prepare({ world, where }) {
      const automod = world.app.container.resolve(AutomodController);
      const entry = value === "role" ? where.modRole.id : value;
      if (!adds) {
        const current = (await automod.load(where.guild.id)).rules.find((row) => row.rule === rule);
        const base = current ?? {
          rule: rule as "words",
          enabled: false,
          actions: ["delete" as const],
          timeoutSeconds: 600,
          limit: 1,
          windowSeconds: 60,
          patterns: [],
          exemptRoleIds: [],
          exemptChannelIds: [],
        };
        await automod.changeList(where.guild.id, base, column as "patterns", entry, true);
      }
      const options: Record<string, string> = name === "exempt" ? { rule, role: entry } : { text: entry };
      return {
        input: command(where, name, options),
        state: compare(includes(ruleOf(world, where, rule, `${column}::text[]`), entry), adds, !adds),
      };
    },
  });

/** /automod: a guild's own filters, one statement per change. */
export const AUTOMOD_ROWS: readonly ActionRow[] = [
  simple({
    name: "automod rule",
    covers: ["automod rule"],
    statementSteps: ["automod_rules.write"],
    done: /^Automod rule \*\*caps\*\* is on\.$/,
    prepare: async ({ world, where }) => ({
      input: command(where, "rule", { rule: "caps", enabled: true, actions: "delete,warn" }),
      state: compare(ruleOf(world, where, "caps", "enabled"), true, null),
    }),
  }),
  listRows(["block", "words", "patterns", "matrixword", /^Added `matrixword`/], true),
  listRows(["unblock", "words", "patterns", "matrixgone", /^Removed `matrixgone`/], false),
  listRows(["allow-host", "links", "patterns", "matrix.example", /^Added `matrix.example`/], true),
  listRows(["disallow-host", "links", "patterns", "gone.example", /^Removed `gone.example`/], false),
  listRows(["exempt", "caps", "exempt_role_ids", "role", /^Added <@&/], true),
  simple({
    name: "automod ladder",
    covers: ["automod ladder"],
    statementSteps: ["automod_ladders.write"],
    done: /^3 automod warnings within 1h now become a 1h timeout\.$/,
    prepare: async ({ world, where }) => ({
      input: command(where, "ladder", { warns: 3 }),
      state: compare(
        async () =>
          (await one(world, `SELECT warns FROM automod_ladders WHERE guild_id = $1`, [where.guild.id]))
            ?.warns ?? null,
        3,
        null,
      ),
    }),
  }),
];
