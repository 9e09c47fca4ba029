import {
  ApplicationCommandOptionType as Option,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const guildOnly = [InteractionContextType.Guild] as const;
const textChannel = {
  type: Option.Channel,
  name: "channel",
  description: "The channel (default: this one)",
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
} as const;

/** Discord's longest purge page is 100; a purge reads at most 10 of them for its count. */
export const MAX_PURGE_COUNT = 1000;

export const PurgeCommand = {
  name: "purge",
  description: "Delete recent messages in a channel, optionally only some",
  default_member_permissions: String(PermissionFlagsBits.ManageMessages),
  contexts: guildOnly,
  options: [
    {
      type: Option.Integer,
      name: "count",
      description: "How many matching messages to delete (1–1000)",
      required: true,
      min_value: 1,
      max_value: MAX_PURGE_COUNT,
    },
    textChannel,
    { type: Option.User, name: "user", description: "Only messages by this user" },
    {
      type: Option.String,
      name: "contains",
      description: "Only messages containing this text",
      max_length: 200,
    },
    { type: Option.Boolean, name: "bots", description: "Only messages by bots" },
    { type: Option.Boolean, name: "links", description: "Only messages with links" },
    { type: Option.Boolean, name: "attachments", description: "Only messages with attachments" },
    { type: Option.String, name: "before", description: "Only messages before this one (link or id)" },
    { type: Option.String, name: "after", description: "Only messages after this one (link or id)" },
    { type: Option.Boolean, name: "transcript", description: "Attach a transcript to the mod-log entry" },
  ],
} as const satisfies ChatInputCommandDefinition;

export const SlowmodeCommand = {
  name: "slowmode",
  description: "Set a channel's slowmode, for good or for a while",
  default_member_permissions: String(PermissionFlagsBits.ManageChannels),
  contexts: guildOnly,
  options: [
    {
      type: Option.String,
      name: "delay",
      description: "Seconds between a member's messages: 30, 5m, 2h (at most 6h); 0 or off turns it off",
      required: true,
      max_length: 20,
    },
    { type: Option.String, name: "duration", description: "Put the previous slowmode back after, e.g. 1h" },
    textChannel,
  ],
} as const satisfies ChatInputCommandDefinition;

/** Editing a channel's overwrites by hand takes Manage Roles ("Manage Permissions" there) too. */
const LOCK_PERMISSIONS = String(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles);

const reason = {
  type: Option.String,
  name: "reason",
  description: "Why (audit log and mod log)",
  max_length: 400,
} as const;

export const LockCommand = {
  name: "lock",
  description: "Stop @everyone sending messages and starting threads in a channel",
  default_member_permissions: LOCK_PERMISSIONS,
  contexts: guildOnly,
  options: [
    textChannel,
    { type: Option.String, name: "duration", description: "Unlock by itself after, e.g. 30m" },
    reason,
  ],
} as const satisfies ChatInputCommandDefinition;

export const UnlockCommand = {
  name: "unlock",
  description: "Give @everyone back what a lock took, exactly as it was",
  default_member_permissions: LOCK_PERMISSIONS,
  contexts: guildOnly,
  options: [textChannel, reason],
} as const satisfies ChatInputCommandDefinition;

export const LockdownCommand = {
  name: "lockdown",
  description: "Lock or unlock every lockdown channel at once (see /config lockdown-channels)",
  default_member_permissions: LOCK_PERMISSIONS,
  contexts: guildOnly,
  options: [
    { type: Option.Subcommand, name: "start", description: "Lock every lockdown channel", options: [reason] },
    {
      type: Option.Subcommand,
      name: "end",
      description: "Unlock the channels the lockdown locked",
      options: [reason],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
