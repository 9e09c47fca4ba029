import type { GuildBasedChannel } from "discord.js";

/** What changed on a channel, as names the log lines translate: name, topic, slowmode, permissions… */
export function channelChanges(before: GuildBasedChannel, after: GuildBasedChannel): string[] {
  const changed: string[] = [];
  if (before.name !== after.name) changed.push("name");
  if (topic(before) !== topic(after)) changed.push("topic");
  if (slowmode(before) !== slowmode(after)) changed.push("slowmode");
  if (before.parentId !== after.parentId) changed.push("category");
  if (overwrites(before) !== overwrites(after)) changed.push("permissions");
  return changed;
}

const topic = (channel: GuildBasedChannel): string | null =>
  "topic" in channel ? (channel.topic ?? null) : null;
const slowmode = (channel: GuildBasedChannel): number =>
  "rateLimitPerUser" in channel ? (channel.rateLimitPerUser ?? 0) : 0;

function overwrites(channel: GuildBasedChannel): string {
  if (!("permissionOverwrites" in channel)) return "";
  return [...channel.permissionOverwrites.cache.values()]
    .map((overwrite) => `${overwrite.id}:${overwrite.allow.bitfield}:${overwrite.deny.bitfield}`)
    .sort()
    .join();
}
