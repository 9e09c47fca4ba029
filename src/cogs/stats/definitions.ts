import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { PERIOD_OPTION } from "./period";

/** Kept for definitions that import the option from here; it lives in ./period. */
export { PERIOD_OPTION };

export const StatsCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "stats",
  description: "How Warden is used here: top commands, users and languages, daily use, errors and latency",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [PERIOD_OPTION],
} as const satisfies ChatInputCommandDefinition;
