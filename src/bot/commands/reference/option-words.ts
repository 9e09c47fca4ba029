import { ApplicationCommandOptionType as Option, ChannelType } from "discord.js";
import type { CommandOptionDefinition } from "../definition";
import { code, either } from "./markdown";

const TYPE_WORDS: Partial<Record<Option, string>> = {
  [Option.String]: "text",
  [Option.Integer]: "whole number",
  [Option.Number]: "number",
  [Option.Boolean]: "true or false",
  [Option.User]: "user",
  [Option.Channel]: "channel",
  [Option.Role]: "role",
  [Option.Mentionable]: "user or role",
  [Option.Attachment]: "file",
};

const CHANNEL_WORDS: Partial<Record<ChannelType, string>> = {
  [ChannelType.GuildText]: "text",
  [ChannelType.GuildVoice]: "voice",
  [ChannelType.GuildCategory]: "category",
  [ChannelType.GuildAnnouncement]: "announcement",
  [ChannelType.AnnouncementThread]: "announcement thread",
  [ChannelType.PublicThread]: "public thread",
  [ChannelType.PrivateThread]: "private thread",
  [ChannelType.GuildStageVoice]: "stage",
  [ChannelType.GuildForum]: "forum",
  [ChannelType.GuildMedia]: "media",
};

/** The fields an argument may carry, whatever its type (a definition is exactly what Discord receives). */
interface ArgumentFacts {
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly { readonly name: string }[];
  readonly channel_types?: readonly ChannelType[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
}

const facts = (option: CommandOptionDefinition): ArgumentFacts => option as ArgumentFacts;

export function typeWords(option: CommandOptionDefinition): string {
  return TYPE_WORDS[option.type] ?? `option type ${option.type}`;
}

export function isRequired(option: CommandOptionDefinition): boolean {
  return facts(option).required ?? false;
}

function range(low: number | undefined, high: number | undefined, unit: string): string | undefined {
  if (low !== undefined && high !== undefined) return `${low} to ${high}${unit}`;
  if (low !== undefined) return `at least ${low}${unit}`;
  if (high !== undefined) return `at most ${high}${unit}`;
  return undefined;
}

/** What the value may be, in words: its range or length, its choices, the channels it takes, suggestions. */
export function limitWords(option: CommandOptionDefinition): string {
  const { choices, channel_types, min_value, max_value, min_length, max_length, autocomplete } =
    facts(option);
  const channels = (channel_types ?? []).map((type) => CHANNEL_WORDS[type] ?? `type ${type}`);
  const parts = [
    range(min_value, max_value, ""),
    range(min_length, max_length, " characters"),
    choices && choices.length > 0
      ? `one of ${either(choices.map((choice) => code(choice.name)))}`
      : undefined,
    channels.length > 0 ? `${either(channels)} channels` : undefined,
    autocomplete ? "suggested as you type" : undefined,
  ];
  return parts.filter((part) => part !== undefined).join("; ");
}
