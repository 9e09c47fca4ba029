import { LOCK_DENY } from "../../../src/cogs/channels/lock-state";
import { CODES, type DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { compareSettled, SETUP_REPLY_MS } from "./row-kit";
import type { ActionRow, DiscordStepName, RunContext, StatementCombo } from "./rows";

export const RESTORE_STEPS: readonly StatementCombo[] = [
  "restores.insert",
  "restores.update",
  "restores.delete",
];

export function lockRoutes(
  { where }: RunContext,
  channelId: string,
): Partial<Record<DiscordStepName, DiscordRoute>> {
  return {
    lookup: { method: "GET", path: `/channels/${channelId}`, notFound: CODES.unknownChannel },
    act: {
      method: "PUT",
      path: `/channels/${channelId}/permissions/${where.guild.id}`,
      notFound: CODES.unknownChannel,
    },
    modlog: {
      method: "POST",
      path: `/channels/${where.modLog.id}/messages`,
      notFound: CODES.unknownChannel,
      forbidden: CODES.missingAccess,
    },
  };
}

/** Discord's @everyone overwrite and Warden's lock row: they must agree (locked with a row, or neither). */
export function lockState(world: FaultWorld, where: WorldGuild, channelId: string) {
  return async () => {
    const channel = where.guild.channels.get(channelId);
    const overwrite = channel?.permissionOverwrites.find((found) => found.id === where.guild.id);
    const rows = await world.sql(
      "SELECT 1 FROM channel_restores WHERE guild_id = $1 AND channel_id = $2 AND kind = 'lock'",
      [where.guild.id, channelId],
    );
    return { locked: overwrite ? (overwrite.deny & LOCK_DENY) === LOCK_DENY : false, rows: rows.length };
  };
}

export const LOCKED = { locked: true, rows: 1 };
export const OPEN = { locked: false, rows: 0 };

/** /lock and /unlock on a fresh channel of the row's guild, by its owner. */
export const CHANNEL_ROWS: readonly ActionRow[] = [
  {
    name: "lock",
    covers: ["lock"],
    discordSteps: ["lookup", "act", "modlog"],
    statementSteps: [...RESTORE_STEPS, { step: "restores.delete", after: { step: "act", fault: "403" } }],
    done: /^Locked <#\d+>/,
    async prepare(context) {
      const { world, where } = context;
      const channel = where.guild.createChannel({ name: "lock-me" });
      return {
        input: { userId: where.guild.ownerId, name: "lock", options: { channel: channel.id } },
        routes: lockRoutes(context, channel.id),
        state: compareSettled(lockState(world, where, channel.id), LOCKED, OPEN),
      };
    },
  },
  {
    name: "unlock",
    covers: ["unlock"],
    discordSteps: ["act", "modlog"],
    statementSteps: [...RESTORE_STEPS, { step: "restores.insert", after: { step: "act", fault: "403" } }],
    done: /^Unlocked <#\d+>/,
    async prepare(context) {
      const { world, where } = context;
      const channel = where.guild.createChannel({ name: "unlock-me" });
      const locked = await world.sim
        .command({
          guildId: where.guild.id,
          userId: where.guild.ownerId,
          name: "lock",
          options: { channel: channel.id },
        })
        .answer(SETUP_REPLY_MS);
      if (!locked.content.startsWith("Locked")) throw new Error(`could not lock first: ${locked.content}`);
      const routes = lockRoutes(context, channel.id);
      return {
        input: { userId: where.guild.ownerId, name: "unlock", options: { channel: channel.id } },
        routes: {
          act: { ...(routes.act as DiscordRoute), method: "DELETE" },
          ...(routes.modlog ? { modlog: routes.modlog } : {}),
        },
        state: compareSettled(lockState(world, where, channel.id), OPEN, LOCKED),
      };
    },
  },
];
