import {
  ApplicationCommandOptionType as Option,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

export const AppealsCommand = {
  name: "appeals",
  description: "Ban appeals: where they are posted, and how long after a ban they open",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "channel",
      description: "Turn appeals on (posted in a channel) or off (no channel)",
      options: [
        {
          type: Option.Channel,
          name: "channel",
          description: "Where appeals are posted; leave out to turn appeals off",
          channel_types: [ChannelType.GuildText],
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "delay",
      description: "How long after a ban it can be appealed",
      options: [
        {
          type: Option.String,
          name: "duration",
          description: "e.g. 12h, 7d; 0 lets members appeal right away",
          required: true,
          max_length: 32,
        },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;

/** A banned member's own view, in DMs with Warden too (where the Appeal button lives). */
export const AppealCommand = {
  name: "appeal",
  description: "Your ban appeals and where they stand",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} as const satisfies ChatInputCommandDefinition;
