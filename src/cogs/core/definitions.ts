import { ApplicationCommandType, InteractionContextType } from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

export const PingCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "ping",
  description: "Check that Warden is listening, and how far away Discord is",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} as const satisfies ChatInputCommandDefinition;

export const AboutCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "about",
  description: "Warden's version, uptime, shard and database status",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} as const satisfies ChatInputCommandDefinition;
