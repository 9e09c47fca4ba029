import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const name = {
  type: Option.String,
  name: "name",
  description: "Group name",
  required: true,
  max_length: 32,
} as const;
const user = { type: Option.User, name: "user", description: "The member", required: true } as const;

export const GroupCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "group",
  description: "Named groups of members (used by tags and other features)",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: Option.Subcommand, name: "create", description: "Create a group", options: [name] },
    { type: Option.Subcommand, name: "delete", description: "Delete a group", options: [name] },
    { type: Option.Subcommand, name: "add", description: "Add a member to a group", options: [name, user] },
    {
      type: Option.Subcommand,
      name: "remove",
      description: "Remove a member from a group",
      options: [name, user],
    },
    {
      type: Option.Subcommand,
      name: "list",
      description: "List groups, or one group's members",
      options: [{ ...name, required: false, description: "Show this group's members" }],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
