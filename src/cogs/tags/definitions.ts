import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { MAX_TAG_COOLDOWN_SECONDS, MAX_TAG_RESPONSE_LENGTH } from "../../entities/tag";

const name = {
  type: Option.String,
  name: "name",
  description: "Tag name",
  required: true,
  max_length: 32,
  autocomplete: true,
} as const;
const cooldown = {
  type: Option.Integer,
  name: "cooldown",
  description: "Seconds each member waits between uses (0 = none)",
  min_value: 0,
  max_value: MAX_TAG_COOLDOWN_SECONDS,
} as const;
const modOnly = {
  type: Option.Boolean,
  name: "mod_only",
  description: "Only moderators may use it",
} as const;
const group = {
  type: Option.String,
  name: "group",
  description: "Only members of this group may use it",
  max_length: 32,
} as const;
const response = {
  type: Option.String,
  name: "response",
  description: "What the tag says: {user} {user.name} {count} {var:NAME}",
  max_length: MAX_TAG_RESPONSE_LENGTH,
} as const;

export const TagCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "tag",
  description: "Custom commands: saved responses",
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "create",
      description: "Create a tag (moderators)",
      options: [{ ...name, autocomplete: false }, { ...response, required: true }, cooldown, modOnly, group],
    },
    {
      type: Option.Subcommand,
      name: "edit",
      description: "Change a tag (moderators)",
      options: [
        name,
        response,
        { type: Option.Boolean, name: "enabled", description: "Whether the tag can be used" },
        cooldown,
        modOnly,
        { ...group, description: 'Only members of this group may use it; "none" for everyone' },
      ],
    },
    { type: Option.Subcommand, name: "delete", description: "Delete a tag (moderators)", options: [name] },
    { type: Option.Subcommand, name: "info", description: "About a tag", options: [name] },
    {
      type: Option.Subcommand,
      name: "list",
      description: "List tags",
      options: [{ type: Option.Integer, name: "page", description: "Page number", min_value: 1 }],
    },
    { type: Option.Subcommand, name: "use", description: "Use a tag", options: [name] },
  ],
} as const satisfies ChatInputCommandDefinition;
