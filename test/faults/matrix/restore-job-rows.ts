import { OverwriteType, PermissionFlagsBits } from "discord.js";
import { LOCK_DENY } from "../../../src/cogs/channels/lock-state";
import { ChannelRestoreController } from "../../../src/controllers/channel-restore-controller";
import type { ChannelRestoreKind } from "../../../src/entities/channel-restore";
import type { SimChannel } from "../../../simulator";
import { CODES, type DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { discord, OUTAGES, statement, type JobRow } from "./job-types";

/** Background retries and leases of these guilds' restores are due now. */
async function restoresDue(world: FaultWorld, guildIds: readonly string[]): Promise<void> {
  await world.sql(
    `UPDATE channel_restores SET next_attempt_at = now(), claimed_until = now() - interval '1 second'
      WHERE guild_id = ANY($1::bigint[]) AND (claim_token IS NOT NULL OR next_attempt_at IS NOT NULL)`,
    [guildIds],
  );
}

/** What one kind of timed change sets up, and whether Discord shows it put back or still in place. */
interface RestoreKind {
  kind: ChannelRestoreKind;
  /** Changes the fresh channel as Warden's timed change did; the row's previous values. */
  change(
    where: WorldGuild,
    channel: SimChannel,
  ): { previousSlowmode?: number; previousAllow?: string; previousDeny?: string };
  route(where: WorldGuild, channel: SimChannel): Pick<DiscordRoute, "method" | "path">;
  /** "back", "changed", or what it shows instead. */
  shows(where: WorldGuild, channel: SimChannel): string;
  /** The mod log's line when Discord refused for good. */
  refusedLine: RegExp;
}

/**
 * Before the lock: @everyone denied sending in threads only (a bit the bot holds, as Discord requires of
 * the bits an overwrite sets); the restore puts exactly that back.
 */
const BEFORE_LOCK = { allow: 0n, deny: PermissionFlagsBits.SendMessagesInThreads };

const KINDS: readonly RestoreKind[] = [
  {
    kind: "slowmode",
    change: (where, channel) => {
      where.guild.updateChannel(channel.id, (changed) => (changed.rateLimitPerUser = 30));
      return { previousSlowmode: 0 };
    },
    route: (_where, channel) => ({ method: "PATCH", path: `/channels/${channel.id}` }),
    shows: (_where, channel) => {
      const seconds = channel.rateLimitPerUser ?? 0;
      return seconds === 0 ? "back" : seconds === 30 ? "changed" : `slowmode ${seconds}`;
    },
    refusedLine: /^Couldn't put back the slowmode of <#\d+>/,
  },
  {
    kind: "lock",
    change: (where, channel) => {
      const locked = {
        id: where.guild.id,
        type: OverwriteType.Role,
        allow: 0n,
        deny: BEFORE_LOCK.deny | LOCK_DENY,
      };
      where.guild.updateChannel(channel.id, (changed) => changed.permissionOverwrites.push(locked));
      return { previousAllow: String(BEFORE_LOCK.allow), previousDeny: String(BEFORE_LOCK.deny) };
    },
    route: (where, channel) => ({
      method: "PUT",
      path: `/channels/${channel.id}/permissions/${where.guild.id}`,
    }),
    shows: (where, channel) => {
      const overwrite = channel.permissionOverwrites.find((found) => found.id === where.guild.id);
      if (overwrite?.allow === BEFORE_LOCK.allow && overwrite.deny === BEFORE_LOCK.deny) return "back";
      if (overwrite && (overwrite.deny & LOCK_DENY) === LOCK_DENY) return "changed";
      return `overwrite ${JSON.stringify(overwrite ?? null, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))}`;
    },
    refusedLine: /^Couldn't unlock <#\d+>/,
  },
];

/** A timed slowmode or lock that falls due, put back by the channel restorer (the "channel restores" task). */
function restoreRow(spec: RestoreKind): JobRow {
  return {
    name: `timed ${spec.kind} restore`,
    task: "channel restores",
    perGuild: true,
    faults: [
      discord("403", "refused"), // left for a manual restore, said in the mod log
      discord("404", "done"), // Unknown Channel: deleted meanwhile, nothing to put back
      discord("429", "done"),
      discord("500", "waiting"),
      discord("timeout", "waiting"),
      statement("restores.delete", "waiting"),
      ...OUTAGES,
    ],
    async prepare(world, where) {
      const channel = where.guild.createChannel({ name: `timed-${spec.kind}` });
      const previous = spec.change(where, channel);
      const row = await world.app.container.resolve(ChannelRestoreController).add({
        guildId: where.guild.id,
        channelId: channel.id,
        kind: spec.kind,
        moderatorId: where.mod.id,
        expiresAt: new Date(Date.now() + 3_600_000),
        ...previous,
      });
      return {
        route: {
          ...spec.route(where, channel),
          notFound: CODES.unknownChannel,
          gone: () => where.guild.deleteChannel(channel.id),
        },
        fallDue: async () =>
          void (await world.sql(
            "UPDATE channel_restores SET expires_at = now() - interval '1 second' WHERE id = $1",
            [row.id],
          )),
        async state() {
          const [left] = await world.sql<{ scheduled: boolean }>(
            "SELECT expires_at IS NOT NULL AS scheduled FROM channel_restores WHERE id = $1",
            [row.id],
          );
          const gone = !where.guild.channels.has(channel.id);
          const shows = gone ? "gone" : spec.shows(where, channel);
          const told = where.modLog.messages.some((message) => spec.refusedLine.test(message.content));
          if (!left)
            return shows === "back" || shows === "gone" ? "done" : `row removed, Discord shows ${shows}`;
          if (left.scheduled) return "waiting";
          if (shows === "changed" && told) return "refused";
          return `half done: unscheduled, Discord shows ${shows}, ${told ? "" : "not "}said in the mod log`;
        },
      };
    },
    due: restoresDue,
  };
}

export const [slowmodeRestore, lockRestore] = KINDS.map(restoreRow) as [JobRow, JobRow];
