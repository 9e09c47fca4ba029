import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { PERIOD_OPTION } from "../stats/period";

export const InvitesCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "invites",
  description: "Which invites bring members to this server",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "top",
      description: "The invites and inviters that brought the most members",
      options: [PERIOD_OPTION],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
