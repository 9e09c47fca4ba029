import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { LANGUAGE_NAMES, LOCALES } from "../../i18n/locales";

const platform = {
  type: Option.String,
  name: "platform",
  description: "The platform's name, e.g. twitch or youtube",
  required: true,
  max_length: 32,
} as const;

export const LinkCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "link",
  description: "Show your account on another platform on your profile",
  contexts: [InteractionContextType.Guild],
  options: [
    platform,
    { type: Option.String, name: "handle", description: "Your name there", required: true, max_length: 64 },
  ],
} as const satisfies ChatInputCommandDefinition;

export const UnlinkCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "unlink",
  description: "Remove your account on another platform from your profile",
  contexts: [InteractionContextType.Guild],
  options: [platform],
} as const satisfies ChatInputCommandDefinition;

export const ProfileCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "profile",
  description: "Linked accounts, points, activity and preferences",
  contexts: [InteractionContextType.Guild],
  options: [{ type: Option.User, name: "user", description: "Whose profile (yours, if left out)" }],
} as const satisfies ChatInputCommandDefinition;

export const PreferencesCommand = {
  type: ApplicationCommandType.ChatInput,
  name: "preferences",
  description: "Your own settings; shows them when you change nothing",
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Boolean,
      name: "private_replies",
      description: "Answer your personal commands (such as /profile) only to you",
    },
    { type: Option.Boolean, name: "dm_on_case", description: "Get a DM when a case is recorded about you" },
    {
      type: Option.String,
      name: "language",
      description: "The language Warden answers you in",
      choices: [
        ...LOCALES.map((locale) => ({ name: LANGUAGE_NAMES[locale], value: locale })),
        { name: "automatic (from Discord)", value: "auto" },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
