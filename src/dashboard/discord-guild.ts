import type { Client, Guild, GuildMember } from "discord.js";
import { MissingPermissionsError } from "../bot/permissions";

/**
 * The guild as discord.js objects, for acting on it: from this process's cache when one of its shards holds
 * it, else read from Discord and kept out of the cache (another process's shard owns that guild's state).
 * A guild read from Discord has its roles and the bot's member; its channels are read too when `withChannels`.
 */
export async function guildToActOn(
  client: Client,
  guildId: string,
  options: { withChannels?: boolean } = {},
): Promise<Guild> {
  const cached = client.guilds.cache.get(guildId);
  if (cached) return cached;
  const guild = await client.guilds.fetch({ guild: guildId, cache: false, withCounts: false });
  // The bot's own member, for the hierarchy and channel checks (`members.me` would be a role-less partial).
  await guild.members.fetchMe();
  if (options.withChannels) {
    const channels = await guild.channels.fetch(undefined, { cache: false });
    // Only on this request's own Guild object (the client's caches stay as they were).
    for (const [id, channel] of channels) if (channel) guild.channels.cache.set(id, channel);
  }
  return guild;
}

/** The member now, from Discord (a cached member could be a demotion late). */
export function memberNow(guild: Guild, userId: string): Promise<GuildMember> {
  return guild.members.fetch({ user: userId, cache: false, force: true });
}

/**
 * Refuses, as the command's policy does in Discord, when Warden itself lacks `needed` in the guild: before
 * a case is recorded or the member is told anything. Guild-wide here: a web page has no channel.
 */
export function requireBotPermissions(guild: Guild, needed: bigint): void {
  const missing = needed & ~(guild.members.me?.permissions.bitfield ?? 0n);
  if (missing !== 0n) throw new MissingPermissionsError("permissions.bot_missing_in_server", missing, "");
}
