import { ChannelType, PermissionFlagsBits, PermissionsBitField, type Guild } from "discord.js";
import { permissionNames } from "../../bot/permissions";
import type { Translator } from "../../i18n/translator";

/** What Warden needs in the mod-log channel to post a case there. */
export const MOD_LOG_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

const MOD_LOG_CHANNEL_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
]);

export type ModLogChannelState =
  { kind: "usable" } | { kind: "gone" } | { kind: "wrong-type" } | { kind: "no-permission"; missing: bigint };

/** Whether Warden could post in the channel now, judged from the client's cache of the guild. */
export async function modLogChannelState(guild: Guild, channelId: string): Promise<ModLogChannelState> {
  const channel = guild.channels.cache.get(channelId);
  if (!channel) return { kind: "gone" };
  if (!MOD_LOG_CHANNEL_TYPES.has(channel.type)) return { kind: "wrong-type" };
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const granted = channel.permissionsFor(me)?.bitfield ?? 0n;
  const missing = MOD_LOG_PERMISSIONS & ~granted;
  return missing === 0n ? { kind: "usable" } : { kind: "no-permission", missing };
}

/** "the Send Messages permission", "the View Channel and Embed Links permissions", in the reader's language. */
export function missingPermissions(missing: bigint, t: Translator): string {
  return t.t("config.missing_permissions", {
    count: new PermissionsBitField(missing).toArray().length,
    names: permissionNames(missing, t),
  });
}
