import { ChannelType, PermissionFlagsBits, type Guild } from "discord.js";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { missingPermissions } from "../config/mod-log-channel";

/** What Warden needs in a log channel: embeds for the lines, files for bulk deletes and large batches. */
export const LOG_CHANNEL_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

const TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** Refuses a channel Warden could not post the log in now (judged from the client's cache of the guild). */
export async function requireLogChannel(guild: Guild, channelId: string, t: Translator): Promise<void> {
  const channel = guild.channels.cache.get(channelId);
  if (!channel) throw new UserError("logs.channel_gone", { channelId });
  if (!TYPES.has(channel.type)) throw new UserError("logs.channel_wrong_type", { channelId });
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const missing = LOG_CHANNEL_PERMISSIONS & ~(channel.permissionsFor(me)?.bitfield ?? 0n);
  if (missing !== 0n) {
    throw new UserError("logs.channel_no_permission", {
      channelId,
      permissions: missingPermissions(missing, t),
    });
  }
}
