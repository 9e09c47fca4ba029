import {
  ChannelType,
  ForumLayoutType,
  ThreadAutoArchiveDuration,
  type APIAuditLogEntry,
  type APIGuildForumChannel,
  type APIThreadChannel,
  type ThreadChannelType,
  type APIDMChannel,
  type APIGuildCategoryChannel,
  type APIGuildMember,
  type APIGuildVoiceChannel,
  type APINewsChannel,
  type APITextChannel,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  type GuildMemberFlags,
  type RoleFlags,
} from "discord-api-types/v10";
import type { SimAuditEntry, SimChannel, SimDmChannel, SimMember, SimRole, SimUser } from "../types";

export function userToApi(user: SimUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    bot: user.bot,
  };
}

export function roleToApi(role: SimRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed ?? false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function memberToApi(member: SimMember, user: SimUser): APIGuildMember {
  return {
    user: userToApi(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: member.communicationDisabledUntil,
  };
}

function overwritesToApi(channel: SimChannel): APIOverwrite[] {
  return channel.permissionOverwrites.map((overwrite) => ({
    id: overwrite.id,
    type: overwrite.type,
    allow: overwrite.allow.toString(),
    deny: overwrite.deny.toString(),
  }));
}

/** The guild channel kinds the simulator models. */
export type SimApiChannel =
  | APIGuildCategoryChannel
  | APIGuildVoiceChannel
  | APINewsChannel
  | APITextChannel
  | APIGuildForumChannel
  | APIThreadChannel;

/** Thread types the simulator serves (a forum post is a public thread whose parent is the forum). */
export const THREAD_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

export function channelToApi(channel: SimChannel): SimApiChannel {
  return THREAD_TYPES.has(channel.type) ? threadToApi(channel) : guildChannelToApi(channel);
}

/** A thread or forum post (GUILD_CREATE lists these apart from the guild's channels). */
export function threadToApi(channel: SimChannel): APIThreadChannel {
  const lastMessageId = channel.messages.at(-1)?.id ?? null;
  return {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    type: channel.type as ThreadChannelType,
    ...(channel.parentId ? { parent_id: channel.parentId } : {}),
    owner_id: channel.ownerId ?? channel.guildId,
    last_message_id: lastMessageId,
    rate_limit_per_user: 0,
    member_count: 1,
    message_count: channel.messages.length,
    total_message_sent: channel.messages.length,
    thread_metadata: {
      archived: false,
      auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
      archive_timestamp: new Date(0).toISOString(),
      locked: false,
    },
    applied_tags: [],
  };
}

/** A channel that is not a thread. */
export function guildChannelToApi(channel: SimChannel): Exclude<SimApiChannel, APIThreadChannel> {
  const common = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: overwritesToApi(channel),
    nsfw: false,
  };
  const lastMessageId = channel.messages.at(-1)?.id ?? null;
  switch (channel.type) {
    case ChannelType.GuildCategory: {
      const category: APIGuildCategoryChannel = {
        ...common,
        parent_id: null,
        type: ChannelType.GuildCategory,
      };
      return category;
    }
    case ChannelType.GuildVoice:
      return { ...common, type: ChannelType.GuildVoice, bitrate: 64000, user_limit: 0, rtc_region: null };
    case ChannelType.GuildAnnouncement:
      return { ...common, type: ChannelType.GuildAnnouncement, topic: null, last_message_id: lastMessageId };
    case ChannelType.GuildForum:
      return {
        ...common,
        type: ChannelType.GuildForum,
        topic: null,
        last_message_id: lastMessageId,
        rate_limit_per_user: 0,
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: ForumLayoutType.NotSet,
      };
    default:
      return {
        ...common,
        type: ChannelType.GuildText,
        topic: null,
        last_message_id: lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser ?? 0,
      };
  }
}

export function dmChannelToApi(channel: SimDmChannel, recipient: SimUser): APIDMChannel {
  return {
    id: channel.id,
    type: ChannelType.DM,
    name: null,
    recipients: [userToApi(recipient)],
    last_message_id: channel.messages.at(-1)?.id ?? null,
  };
}

export function auditEntryToApi(entry: SimAuditEntry): APIAuditLogEntry {
  const api: APIAuditLogEntry = {
    id: entry.id,
    action_type: entry.actionType,
    user_id: entry.userId,
    target_id: entry.targetId,
  };
  if (entry.reason !== null) api.reason = entry.reason;
  if (entry.changes !== undefined) api.changes = entry.changes;
  if (entry.options !== undefined) api.options = entry.options;
  return api;
}
