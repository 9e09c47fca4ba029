import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const guildOnly = [InteractionContextType.Guild] as const;
const moderate = String(PermissionFlagsBits.ModerateMembers);
const member = { type: Option.User, name: "user", description: "The member", required: true } as const;
const reason = {
  type: Option.String,
  name: "reason",
  description: "Why (kept in full on the case)",
  required: true,
} as const;

export const RestrictCommand = {
  name: "restrict",
  description: "Give a member the restricted role and take their other roles until it ends",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [
    member,
    reason,
    { type: Option.String, name: "duration", description: "Ends by itself after, e.g. 1d" },
  ],
} as const satisfies ChatInputCommandDefinition;

export const UnrestrictCommand = {
  name: "unrestrict",
  description: "End a member's restriction and give their roles back",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [member, reason],
} as const satisfies ChatInputCommandDefinition;
