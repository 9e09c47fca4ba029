import { PermissionFlagsBits } from "discord.js";
import { LogChannelController } from "../../../src/controllers/log-channel-controller";
import { CODES } from "./discord-faults";
import { eventuallyAsync, type FaultWorld, type WorldGuild } from "./fault-world";
import { discord, OUTAGES, statement, type JobRow } from "./job-types";
import { compare, one, simple } from "./row-kit";
import type { ActionRow } from "./rows";

const DROPPED = "server-log channel refuses Warden: dropped its events";

/** Lets Warden attach files where it posts (the log channel needs it), and waits until the bot knows. */
async function allowFiles(world: FaultWorld, where: WorldGuild): Promise<void> {
  const role = [...where.guild.roles.values()].find((found) => found.name === "Warden");
  if (!role) throw new Error("no bot role");
  where.guild.updateRole(role.id, (changed) => (changed.permissions |= PermissionFlagsBits.AttachFiles));
  await eventuallyAsync(
    async () =>
      world
        .client()
        .guilds.cache.get(where.guild.id)
        ?.members.me?.permissions.has(PermissionFlagsBits.AttachFiles) === true,
    5000,
    "the bot to hear of its new permission",
  );
}

const routeOf = (world: FaultWorld, where: WorldGuild) => () =>
  one(
    world,
    `SELECT channel_id::text AS channel FROM log_channels WHERE guild_id = $1 AND category = 'members'`,
    [where.guild.id],
  );

/** /logs set and /logs unset: a guild's log routes. */
export const LOG_ROWS: readonly ActionRow[] = [
  simple({
    name: "logs set",
    covers: ["logs set"],
    statementSteps: ["log_channels.write"],
    done: /will be posted in/,
    prepare: async ({ world, where }) => {
      await allowFiles(world, where);
      const channel = where.guild.createChannel({ name: "member-log" });
      return {
        input: {
          userId: where.mod.id,
          name: "logs",
          subcommand: "set",
          options: { category: "members", channel: channel.id },
        },
        state: compare(routeOf(world, where), { channel: channel.id }, null),
      };
    },
  }),
  simple({
    name: "logs unset",
    covers: ["logs unset"],
    statementSteps: ["log_channels.delete"],
    done: /will no longer be posted/,
    prepare: async ({ world, where }) => {
      const channelId = where.guild.firstTextChannel().id;
      await world.app.container.resolve(LogChannelController).route(where.guild.id, "members", channelId);
      return {
        input: { userId: where.mod.id, name: "logs", subcommand: "unset", options: { category: "members" } },
        state: compare(routeOf(world, where), null, { channel: channelId }),
      };
    },
  }),
];

/**
 * The server-log flusher posting one waiting event. A refusal (403, 404) drops it with a log line; a 5xx,
 * a timeout or the database leaves it waiting (a timeout's post, which Discord carried out, is posted again:
 * at least once).
 */
export const serverLogFlush: JobRow = {
  name: "server-log flush",
  task: "server-log-flush",
  perGuild: true,
  faults: [
    discord("403", "refused"),
    discord("404", "refused"),
    discord("429", "done"),
    discord("500", "waiting"),
    discord("timeout", "waiting"),
    statement("log_outbox.delete", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const channel = where.guild.createChannel({ name: "message-log" });
    await world.app.container.resolve(LogChannelController).route(where.guild.id, "messages", channel.id);
    // Held by a claim of no process until it falls due, so the periodic run cannot take it early.
    const details = { messageId: channel.id, channelId: channel.id, authorId: where.mod.id };
    await world.sql(
      `INSERT INTO log_outbox (guild_id, channel_id, category, kind, details, claimed_by, claimed_until)
       VALUES ($1, $2, 'messages', 'message_delete', $3::jsonb, gen_random_uuid(), now() + interval '1 day')`,
      [where.guild.id, channel.id, JSON.stringify(details)],
    );
    return {
      route: {
        method: "POST",
        path: `/channels/${channel.id}/messages`,
        notFound: CODES.unknownChannel,
        gone: () => where.guild.deleteChannel(channel.id),
      },
      fallDue: async () => void (await serverLogDue(world, [where.guild.id])),
      async state() {
        const [left] = await world.sql<{ count: number }>(
          "SELECT count(*)::int AS count FROM log_outbox WHERE guild_id = $1",
          [where.guild.id],
        );
        const posted = channel.messages.length;
        const dropped = world.logs.find((line) => line.channelId === channel.id && line.msg === DROPPED);
        if ((left?.count ?? 0) > 0) return "waiting";
        if (posted > 0) return "done";
        return dropped ? "refused" : "lost: not posted, not waiting, no log line";
      },
    };
  },
  due: serverLogDue,
};

/** Leases of these guilds' waiting server-log events have run out, as time passing would. */
async function serverLogDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    `UPDATE log_outbox SET claimed_until = now() - interval '1 second'
      WHERE guild_id = ANY($1::bigint[]) AND claimed_until IS NOT NULL`,
    [guildIds],
  );
}
