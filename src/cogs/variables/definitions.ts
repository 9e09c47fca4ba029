import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { VARIABLE_TYPES } from "../../entities/variable";

const name = {
  type: Option.String,
  name: "name",
  description: "Variable name (a-z, 0-9, . _ -)",
  required: true,
  max_length: 64,
} as const;

export const VarCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "var",
  description: "This server's variables",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "set",
      description: "Set a variable",
      options: [
        name,
        { type: Option.String, name: "value", description: "The value", required: true, max_length: 2000 },
        {
          type: Option.String,
          name: "type",
          description: "How to read the value (default: string)",
          choices: VARIABLE_TYPES.map((type) => ({ name: type, value: type })),
        },
        {
          type: Option.Boolean,
          name: "session",
          description: "Kept only while the bot process that sets it runs (cleared when it stops)",
        },
      ],
    },
    { type: Option.Subcommand, name: "get", description: "Show a variable", options: [name] },
    {
      type: Option.Subcommand,
      name: "incr",
      description: "Add to an integer variable",
      options: [name, { type: Option.Integer, name: "by", description: "How much (default 1)" }],
    },
    {
      type: Option.Subcommand,
      name: "list",
      description: "List variables",
      options: [{ type: Option.Integer, name: "page", description: "Page number", min_value: 1 }],
    },
    { type: Option.Subcommand, name: "delete", description: "Delete a variable", options: [name] },
  ],
} as const satisfies ChatInputCommandDefinition;
