import { LOCK_DENY } from "../../../src/cogs/channels/lock-state";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { eventually } from "../../support/eventually";
import { CODES } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { discord, OUTAGES, statement, type JobRow } from "./job-types";
import { SETUP_REPLY_MS } from "./row-kit";

/** Claims left by a failed run are free again, as their lease running out would make them. */
async function raidsDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    "UPDATE raids SET claimed_until = now() - interval '1 second' WHERE guild_id = ANY($1::bigint[]) AND claim_token IS NOT NULL",
    [guildIds],
  );
}

/** A raid started by hand over one fresh lockdown channel of the guild (its lock done and recorded). */
async function startedRaid(world: FaultWorld, where: WorldGuild): Promise<string> {
  const channel = where.guild.createChannel({ name: "raid-quiet" });
  await eventually(() => world.client().channels.cache.has(channel.id), 10_000, "the channel in the cache");
  await world.app.container.resolve(GuildConfigController).addLockdownChannel(where.guild.id, channel.id);
  const input = { guildId: where.guild.id, userId: where.guild.ownerId, name: "raid", subcommand: "start" };
  const started = await world.sim.command(input).answer(SETUP_REPLY_MS);
  if (!/^Raid mode is on \(raid #\d+\).*\nLocked: <#\d+>$/m.test(started.content))
    throw new Error(`could not start the raid: ${started.content}`);
  return channel.id;
}

/**
 * A raid's quiet period passing, ended by the "raid mode" task: the raid ends once (one UPDATE of the active
 * row per raid, each on its own), its channel is unlocked and the mod log says so. A channel Discord refuses
 * to unlock (or fails to) stays locked, named in the mod log for `/unlock`; its raid is over all the same.
 */
export const raidQuietEnd: JobRow = {
  name: "raid quiet end",
  task: "raid mode",
  perGuild: true,
  faults: [
    discord("403", "refused"),
    discord("404", "done"), // Unknown Channel: deleted meanwhile, nothing to unlock
    discord("429", "done"),
    discord("500", "refused"),
    discord("timeout", "done"), // Discord carried it out; reading the channel back shows it
    statement("raids.end", "waiting"),
    statement("raids.settle", "waiting"),
    ...OUTAGES,
  ],
  async prepare(world, where) {
    const channelId = await startedRaid(world, where);
    const guildId = where.guild.id;
    return {
      route: {
        method: "DELETE",
        path: `/channels/${channelId}/permissions/${guildId}`,
        notFound: CODES.unknownChannel,
        gone: () => where.guild.deleteChannel(channelId),
      },
      fallDue: async () =>
        void (await world.sql(
          `UPDATE raids SET quiet_seconds = 60, last_surge_at = now() - interval '1 hour'
            WHERE guild_id = $1 AND ended_at IS NULL`,
          [guildId],
        )),
      async state() {
        const rows = await world.sql<{ ended: boolean; unlocked: boolean }>(
          "SELECT ended_at IS NOT NULL AS ended, unlocked_at IS NOT NULL AS unlocked FROM raids WHERE guild_id = $1",
          [guildId],
        );
        if (rows.length !== 1) return `${rows.length} raids`;
        const [raid] = rows;
        if (!raid?.ended || !raid.unlocked) return "waiting";
        const ends = where.modLog.messages.filter((message) => /^Raid mode off/.test(message.content));
        if (ends.length === 0) return "half done: ended, not said in the mod log";
        const channel = where.guild.channels.get(channelId);
        const overwrite = channel?.permissionOverwrites.find((found) => found.id === guildId);
        const locked = overwrite ? (overwrite.deny & LOCK_DENY) === LOCK_DENY : false;
        if (!locked) return "done";
        const named = ends.some((message) => message.content.includes(`Could not unlock: <#${channelId}>`));
        return named ? "refused" : "half done: ended, channel still locked and not named";
      },
    };
  },
  due: raidsDue,
};
