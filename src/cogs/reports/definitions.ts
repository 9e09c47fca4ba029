import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import type { MessageMenuDefinition } from "../../bot/commands/menu";
import { MAX_REPORT_REASON_LENGTH, REPORT_STATUSES } from "../../entities/report";

/** For every member: tell the moderators about someone. */
export const ReportCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "report",
  description: "Report a member to the moderators",
  contexts: [InteractionContextType.Guild],
  options: [
    { type: Option.User, name: "user", description: "Who you are reporting", required: true },
    {
      type: Option.String,
      name: "reason",
      description: "What happened",
      required: true,
      max_length: MAX_REPORT_REASON_LENGTH,
    },
    {
      type: Option.String,
      name: "message",
      description: "A link to the message, as evidence",
      max_length: 200,
    },
  ],
} as const satisfies ChatInputCommandDefinition;

/** Right-click a message → Apps → "Report": /report about its author, the message kept as evidence. */
export const ReportMenu = {
  type: ApplicationCommandType.Message,
  name: "Report",
  contexts: [InteractionContextType.Guild],
} as const satisfies MessageMenuDefinition;

const member = { type: Option.User, name: "member", description: "The member", required: true } as const;

/** The moderators' side: where reports go, the queue, and who may not report. */
export const ReportsCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "reports",
  description: "Member reports (moderators)",
  // No Discord default: `channel` needs Manage Server, the rest Timeout Members (or a moderator role),
  // and one default cannot say both; each subcommand is checked when it runs.
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "channel",
      description: "Set the channel reports are posted to (Manage Server)",
      options: [
        {
          type: Option.Channel,
          name: "channel",
          description: "The reports channel",
          required: true,
          channel_types: [ChannelType.GuildText],
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "list",
      description: "Page through the reports, newest first",
      options: [
        {
          type: Option.String,
          name: "status",
          description: "Only reports with this status",
          choices: REPORT_STATUSES.map((status) => ({ name: status, value: status })),
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "block",
      description: "Stop a member from filing reports",
      options: [member],
    },
    {
      type: Option.Subcommand,
      name: "unblock",
      description: "Let a member file reports again",
      options: [member],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
