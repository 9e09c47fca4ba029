import {
  ApplicationIntegrationType,
  InteractionContextType,
  type APIInteractionGuildMember,
  type APIPartialInteractionGuild,
  type Locale,
} from "discord-api-types/v10";
import { toLocale } from "../core/locale";
import type { SimChannel, SimMember, SimUser } from "../types";
import type { SimGuild } from "../world/guild";
import { channelToApi, memberToApi, type SimApiChannel } from "../world/serialize";
import type { World } from "../world/world";

export interface InteractionTarget {
  guild: SimGuild;
  channel: SimChannel;
  user: SimUser;
  member: SimMember;
  locale: Locale;
}

export interface InteractionLocation {
  guildId: string;
  userId: string;
  channelId?: string;
  locale?: string;
}

/** Who interacts where; throws on test mistakes (unknown guild, channel, or a user who is not a member). */
export function resolveTarget(world: World, location: InteractionLocation): InteractionTarget {
  const guild = world.guild(location.guildId);
  const channel =
    location.channelId === undefined ? guild.firstTextChannel() : guild.channels.get(location.channelId);
  if (!channel) throw new Error(`guild ${guild.id} has no channel ${String(location.channelId)}`);
  const user = world.user(location.userId);
  const member = guild.members.get(user.id);
  if (!member) throw new Error(`user ${user.id} is not a member of guild ${guild.id}; addMember first`);
  return { guild, channel, user, member, locale: toLocale(location.locale ?? "en-US") };
}

/** The fields every guild interaction carries (discord.js drops the interaction without some of them). */
export interface BaseGuildInteractionFields {
  id: string;
  application_id: string;
  token: string;
  version: 1;
  guild: APIPartialInteractionGuild;
  guild_id: string;
  channel: SimApiChannel;
  channel_id: string;
  member: APIInteractionGuildMember;
  app_permissions: string;
  locale: Locale;
  guild_locale: Locale;
  entitlements: [];
  authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: string };
  context: InteractionContextType.Guild;
}

export function baseFields(
  world: World,
  target: InteractionTarget,
  id: string,
  token: string,
): BaseGuildInteractionFields {
  const { guild, channel, user, member } = target;
  return {
    id,
    application_id: world.botUser.id,
    token,
    version: 1,
    guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
    guild_id: guild.id,
    channel: channelToApi(channel),
    channel_id: channel.id,
    member: {
      ...memberToApi(member, user),
      permissions: guild.permissionsOf(user.id, channel.id).toString(),
    },
    app_permissions: guild.permissionsOf(world.botUser.id, channel.id).toString(),
    locale: target.locale,
    guild_locale: guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
  };
}
