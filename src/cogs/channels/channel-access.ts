import { ChannelType, PermissionFlagsBits, type GuildTextBasedChannel } from "discord.js";
import type { ResolvedChannel } from "../../bot/commands/arguments";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { MissingPermissionsError, permissionNames } from "../../bot/permissions";
import { UserError } from "../../errors/user-error";

/** A slash command, a context menu or its modal. */
type ChannelContext = GuildInteractionContext<RepliableInteraction>;

const TEXT_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** The channel a channel command acts on: the one given, else the one it was used in. */
export function targetChannel(
  context: ChannelContext,
  given: Pick<ResolvedChannel, "id"> | undefined,
): GuildTextBasedChannel {
  const id = given?.id ?? context.channelId;
  const channel = id ? context.guild.channels.cache.get(id) : undefined;
  if (!channel || !TEXT_TYPES.has(channel.type) || !channel.isTextBased()) {
    throw new UserError("channels.not_a_text_channel", { channelId: id ?? "" });
  }
  return channel;
}

/** The bot's permissions there (View Channel always), refused naming what is missing. */
export function requireBotPermissions(
  context: ChannelContext,
  channel: GuildTextBasedChannel,
  botNeeds: bigint,
): void {
  const me = context.guild.members.me;
  const granted = me ? (channel.permissionsFor(me)?.bitfield ?? 0n) : 0n;
  const missing = (botNeeds | PermissionFlagsBits.ViewChannel) & ~granted;
  if (missing !== 0n) {
    if (channel.id === context.channelId)
      throw new MissingPermissionsError("permissions.bot_missing", missing, "");
    const permissions = permissionNames(missing, context.t);
    throw new UserError("channels.bot_missing_in", { permissions, channelId: channel.id });
  }
}
