import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { MAX_QUOTE_LENGTH } from "../../entities/quote";

export const QuoteCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "quote",
  description: "The server's quote book",
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "add",
      description: "Save a quote (moderators)",
      options: [
        {
          type: Option.String,
          name: "text",
          description: "What was said",
          required: true,
          max_length: MAX_QUOTE_LENGTH,
        },
        { type: Option.User, name: "author", description: "Who said it" },
      ],
    },
    {
      type: Option.Subcommand,
      name: "random",
      description: "A quote at random",
      options: [{ type: Option.User, name: "author", description: "Only quotes by this member" }],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
