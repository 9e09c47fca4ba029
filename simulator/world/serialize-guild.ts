import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  type APIGuild,
  type GatewayGuildCreateDispatchData,
  type GuildSystemChannelFlags,
} from "discord-api-types/v10";
import type { SimGuild } from "./guild";
import { guildChannelToApi, memberToApi, roleToApi, THREAD_TYPES, threadToApi } from "./serialize";
import type { World } from "./world";

export function guildToApi(guild: SimGuild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()].map(roleToApi),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500000,
  };
}

/**
 * GUILD_CREATE as Discord sends it when the bot connects or joins. Like Discord, the member list holds
 * only the bot itself unless the session has the (privileged) GuildPresences intent.
 */
export function guildCreateData(
  guild: SimGuild,
  world: World,
  allMembers: boolean,
): GatewayGuildCreateDispatchData {
  const botMember = guild.members.get(world.botUser.id);
  const members = allMembers ? [...guild.members.values()] : botMember ? [botMember] : [];
  return {
    ...guildToApi(guild),
    joined_at: botMember?.joinedAt ?? new Date(world.clock()).toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: members.map((member) => memberToApi(member, world.user(member.userId))),
    channels: [...guild.channels.values()]
      .filter((channel) => !THREAD_TYPES.has(channel.type))
      .map(guildChannelToApi),
    threads: [...guild.channels.values()]
      .filter((channel) => THREAD_TYPES.has(channel.type))
      .map(threadToApi),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
