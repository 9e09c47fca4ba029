import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

export const PERIOD_OPTION = {
  type: Option.String,
  name: "period",
  description: "How far back (7 days, if left out)",
  choices: [
    { name: "last 24 hours", value: "24h" },
    { name: "last 7 days", value: "7d" },
    { name: "last 30 days", value: "30d" },
    { name: "all time", value: "all" },
  ],
} as const;

export const StatsCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "stats",
  description: "How Warden is used here: top commands and users, daily use, errors and latency",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [PERIOD_OPTION],
} as const satisfies ChatInputCommandDefinition;
