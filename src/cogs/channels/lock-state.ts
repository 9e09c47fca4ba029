import {
  DiscordAPIError,
  OverwriteType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  type REST,
} from "discord.js";
import type { ChannelRestore } from "../../entities/channel-restore";

/** What a lock denies @everyone: sending, in the channel and its threads, and starting threads. */
export const LOCK_DENY =
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads;

/** Puts the @everyone overwrite back exactly as it was before the lock (or removes it if there was none). */
export async function restoreLock(rest: REST, row: ChannelRestore, reason: string): Promise<void> {
  const route = Routes.channelPermission(row.channelId, row.guildId);
  if (row.previousAllow === null || row.previousDeny === null) {
    try {
      await rest.delete(route, { reason });
    } catch (error) {
      // Removed by hand meanwhile: already as it was.
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownPermissionOverwrite))
        throw error;
    }
    return;
  }
  const body = { type: OverwriteType.Role, allow: row.previousAllow, deny: row.previousDeny };
  await rest.put(route, { body, reason });
}

/** The @everyone overwrite as it stands: its bits as decimal strings, or null when there is none. */
export interface EveryoneOverwrite {
  allow: string;
  deny: string;
}

/** The locked overwrite: the previous one with the lock's bits denied (and no longer allowed). */
export function lockedOverwrite(previous: EveryoneOverwrite | null): EveryoneOverwrite {
  const allow = BigInt(previous?.allow ?? "0") & ~LOCK_DENY;
  const deny = BigInt(previous?.deny ?? "0") | LOCK_DENY;
  return { allow: String(allow), deny: String(deny) };
}

/** Whether @everyone is already denied everything a lock denies. */
export function deniesAll(overwrite: EveryoneOverwrite | null): boolean {
  return overwrite !== null && (BigInt(overwrite.deny) & LOCK_DENY) === LOCK_DENY;
}
