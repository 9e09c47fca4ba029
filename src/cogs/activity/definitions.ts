import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { PERIOD_OPTION } from "../stats/definitions";

export const MAX_RETENTION_DAYS = 3650;

export const ActivityCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "activity",
  description: "Members' activity and the server's event log (moderators)",
  default_member_permissions: String(PermissionFlagsBits.ModerateMembers),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "show",
      description: "A member's message count and when they were last seen",
      options: [{ type: Option.User, name: "user", description: "The member (you, if left out)" }],
    },
    {
      type: Option.Subcommand,
      name: "top",
      description: "The most active members: who sent the most messages",
      options: [PERIOD_OPTION],
    },
    {
      type: Option.Subcommand,
      name: "events",
      description: "Recent joins, leaves, bans and role changes, newest first",
      options: [{ type: Option.User, name: "member", description: "Only this member's events" }],
    },
  ],
} as const satisfies ChatInputCommandDefinition;

export const LoggingCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "logging",
  description: "What Warden keeps about this server's messages and events, and for how long",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "messages",
      description: "Keep members' messages for moderation context (shown with their cases)",
      options: [{ type: Option.Boolean, name: "enabled", description: "On or off", required: true }],
    },
    {
      type: Option.Subcommand,
      name: "retention",
      description: "How many days logged messages and events are kept",
      options: [
        {
          type: Option.Integer,
          name: "days",
          description: `From 1 to ${MAX_RETENTION_DAYS}`,
          required: true,
          min_value: 1,
          max_value: MAX_RETENTION_DAYS,
        },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
