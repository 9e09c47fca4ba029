import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const guildOnly = [InteractionContextType.Guild] as const;
const moderate = String(PermissionFlagsBits.ModerateMembers);
const kick = String(PermissionFlagsBits.KickMembers);
const ban = String(PermissionFlagsBits.BanMembers);

const member = { type: Option.User, name: "user", description: "The member", required: true } as const;
const reason = {
  type: Option.String,
  name: "reason",
  description: "Why (kept in full on the case)",
  required: true,
} as const;

export const WarnCommand = {
  name: "warn",
  description: "Warn a member; they are told why",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [member, reason],
} as const satisfies ChatInputCommandDefinition;

export const NoteCommand = {
  name: "note",
  description: "Record a note on a member; they are not told",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [member, { type: Option.String, name: "note", description: "The note", required: true }],
} as const satisfies ChatInputCommandDefinition;

export const TimeoutCommand = {
  name: "timeout",
  description: "Time a member out (at most 28 days)",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [
    member,
    { type: Option.String, name: "duration", description: "e.g. 10m, 1h30m, 7d", required: true },
    reason,
  ],
} as const satisfies ChatInputCommandDefinition;

export const UntimeoutCommand = {
  name: "untimeout",
  description: "Lift a member's timeout",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [member, { ...reason, required: false }],
} as const satisfies ChatInputCommandDefinition;

export const KickCommand = {
  name: "kick",
  description: "Kick a member",
  default_member_permissions: kick,
  contexts: guildOnly,
  options: [member, reason],
} as const satisfies ChatInputCommandDefinition;

export const DELETE_MESSAGE_CHOICES = [
  { name: "none", value: 0 },
  { name: "1 hour", value: 3600 },
  { name: "24 hours", value: 86400 },
  { name: "7 days", value: 604800 },
] as const;

export const BanCommand = {
  name: "ban",
  description: "Ban a user, for good or for a while",
  default_member_permissions: ban,
  contexts: guildOnly,
  options: [
    { ...member, description: "The user (need not be a member)" },
    reason,
    { type: Option.String, name: "duration", description: "Makes it a tempban, e.g. 7d" },
    {
      type: Option.Integer,
      name: "delete_messages",
      description: "Delete their recent messages",
      choices: DELETE_MESSAGE_CHOICES,
    },
  ],
} as const satisfies ChatInputCommandDefinition;

export const UnbanCommand = {
  name: "unban",
  description: "Lift a ban",
  default_member_permissions: ban,
  contexts: guildOnly,
  options: [
    { type: Option.String, name: "user", description: "The user's id or mention", required: true },
    reason,
  ],
} as const satisfies ChatInputCommandDefinition;

export const SoftbanCommand = {
  name: "softban",
  description: "Ban and unban at once, deleting their last day of messages",
  default_member_permissions: ban,
  contexts: guildOnly,
  options: [member, reason],
} as const satisfies ChatInputCommandDefinition;
