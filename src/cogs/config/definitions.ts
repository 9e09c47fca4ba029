import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const role = { type: Option.Role, name: "role", description: "The role", required: true } as const;

const lockdownChannel = {
  type: Option.Channel,
  name: "channel",
  description: "A text or announcement channel",
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
} as const;

export const ConfigCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "config",
  description: "Warden's settings for this server",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: Option.Subcommand, name: "show", description: "Show this server's settings and any problem" },
    {
      type: Option.Subcommand,
      name: "modlog",
      description: "Choose the channel where Warden posts every case",
      options: [
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
      type: Option.SubcommandGroup,
      name: "modrole",
      description: "Roles whose members may use moderation commands (owner or Administrator only)",
      options: [
        {
          type: Option.Subcommand,
          name: "add",
          description: "Make a role a moderator role",
          options: [role],
        },
        {
          type: Option.Subcommand,
          name: "remove",
          description: "Stop treating a role as a moderator role",
          options: [role],
        },
      ],
    },
    {
      type: Option.SubcommandGroup,
      name: "restricted-role",
      description: "The role /restrict gives in place of a member's other roles",
      options: [
        { type: Option.Subcommand, name: "set", description: "Choose the restricted role", options: [role] },
        { type: Option.Subcommand, name: "clear", description: "Turn /restrict off" },
      ],
    },
    {
      type: Option.SubcommandGroup,
      name: "persistent-roles",
      description: "Roles members get back when they rejoin",
      options: [
        { type: Option.Subcommand, name: "add", description: "Make a role persistent", options: [role] },
        { type: Option.Subcommand, name: "remove", description: "Stop giving a role back", options: [role] },
        { type: Option.Subcommand, name: "list", description: "Show the persistent roles" },
      ],
    },
    {
      type: Option.SubcommandGroup,
      name: "lockdown-channels",
      description: "The channels /lockdown start locks",
      options: [
        {
          type: Option.Subcommand,
          name: "add",
          description: "Lock this channel in a lockdown",
          options: [lockdownChannel],
        },
        {
          type: Option.Subcommand,
          name: "remove",
          description: "Leave this channel out of a lockdown",
          options: [lockdownChannel],
        },
        { type: Option.Subcommand, name: "list", description: "List the lockdown channels" },
      ],
    },
    {
      type: Option.Subcommand,
      name: "dm-on-action",
      description: "Whether members get a DM when a moderator acts on them",
      options: [{ type: Option.Boolean, name: "enabled", description: "On or off", required: true }],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
