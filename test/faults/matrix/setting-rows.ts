import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compare, one, simple } from "./row-kit";
import type { ActionRow } from "./rows";

const configOf = (world: FaultWorld, where: WorldGuild, column: string) => () =>
  one(world, `SELECT ${column} AS value FROM guild_configs WHERE guild_id = $1`, [where.guild.id]);
/** /config and /logging: a guild's settings. */
export const SETTING_ROWS: readonly ActionRow[] = [
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
  ...(["add", "remove"] as const).map((how) =>
    simple({
      name: `config lockdown-channels ${how}`,
      covers: [`config lockdown-channels ${how}`],
      statementSteps: ["configs.write"],
      done: how === "add" ? /will be locked by/ : /is no longer a lockdown channel/,
      async prepare({ world, where }) {
        const channel = where.guild.firstTextChannel();
        if (how === "remove") {
          await world.app.container
            .resolve(GuildConfigController)
            .addLockdownChannel(where.guild.id, channel.id);
        }
        const listed = async () =>
          ((await configOf(world, where, "lockdown_channel_ids::text[]")())?.value as string[]).includes(
            channel.id,
          );
        return {
          input: {
            userId: where.mod.id,
            name: "config",
            group: "lockdown-channels",
            subcommand: how,
            options: { channel: channel.id },
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
