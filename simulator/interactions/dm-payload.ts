import {
  ApplicationIntegrationType,
  InteractionContextType,
  type APIDMChannel,
  type APIUser,
  type Locale,
} from "discord-api-types/v10";
import { toLocale } from "../core/locale";
import type { SimDmChannel, SimUser } from "../types";
import { dmChannelToApi, userToApi } from "../world/serialize";
import type { World } from "../world/world";

/** Who interacts in their DMs with the bot: no guild, no member, the user themselves and the DM channel. */
export interface DmInteractionTarget {
  user: SimUser;
  channel: SimDmChannel;
  locale: Locale;
}

/** The permissions an app has in a DM with its bot (Discord sends them as `app_permissions`). */
const DM_APP_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n);

export function resolveDmTarget(world: World, userId: string, locale?: string): DmInteractionTarget {
  const user = world.user(userId);
  return { user, channel: world.dmChannelWith(userId), locale: toLocale(locale ?? "en-US") };
}

/** The fields of an interaction in a DM with the bot, as Discord sends them (`context` 1, no guild). */
export interface BaseDmInteractionFields {
  id: string;
  application_id: string;
  token: string;
  version: 1;
  channel: APIDMChannel;
  channel_id: string;
  user: APIUser;
  app_permissions: string;
  locale: Locale;
  entitlements: [];
  /** A guild-installed app in its bot's DMs: the guild install's owner is "0". */
  authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: "0" };
  context: InteractionContextType.BotDM;
}

export function dmBaseFields(
  world: World,
  target: DmInteractionTarget,
  id: string,
  token: string,
): BaseDmInteractionFields {
  return {
    id,
    application_id: world.botUser.id,
    token,
    version: 1,
    channel: dmChannelToApi(target.channel, target.user),
    channel_id: target.channel.id,
    user: userToApi(target.user),
    app_permissions: DM_APP_PERMISSIONS.toString(),
    locale: target.locale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: "0" },
    context: InteractionContextType.BotDM,
  };
}
