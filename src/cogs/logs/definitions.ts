import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const category = {
  type: Option.String,
  name: "category",
  description: "What to log",
  required: true,
  choices: [
    { name: "member joins and leaves", value: "members" },
    { name: "message edits and deletes", value: "messages" },
    { name: "role and nickname changes", value: "roles" },
    { name: "channel changes", value: "channels" },
  ],
} as const;

export const LogsCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "logs",
  description: "Server logs posted to channels",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "set",
      description: "Post one kind of event to a channel",
      options: [
        category,
        {
          type: Option.Channel,
          name: "channel",
          description: "A text or announcement channel Warden can post in",
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "unset",
      description: "Stop posting one kind of event",
      options: [category],
    },
    { type: Option.Subcommand, name: "show", description: "Where each kind of event is posted" },
  ],
} as const satisfies ChatInputCommandDefinition;
