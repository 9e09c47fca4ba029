import {
  ApplicationCommandOptionType as Option,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { AUTOMOD_RULES } from "./settings";

/** The actions a rule can take, as one choice each (delete is usual with the others). */
export const ACTION_CHOICES = [
  "delete",
  "delete,warn",
  "delete,timeout",
  "delete,ban",
  "warn",
  "timeout",
  "ban",
] as const;

const rule = {
  type: Option.String,
  name: "rule",
  description: "The rule",
  required: true,
  choices: AUTOMOD_RULES.map((name) => ({ name, value: name })),
} as const;

const text = (description: string) =>
  ({ type: Option.String, name: "text", description, required: true, max_length: 200 }) as const;

export const AutomodCommand = {
  name: "automod",
  description: "Warden's own automatic filters for this server (all off until turned on)",
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    { type: Option.Subcommand, name: "show", description: "Show every rule, its actions and exemptions" },
    {
      type: Option.Subcommand,
      name: "rule",
      description: "Turn a rule on or off and choose what it does",
      options: [
        rule,
        { type: Option.Boolean, name: "enabled", description: "On or off", required: true },
        {
          type: Option.String,
          name: "actions",
          description: "What it does when it fires",
          choices: ACTION_CHOICES.map((value) => ({ name: value, value })),
        },
        {
          type: Option.Integer,
          name: "limit",
          description: "The rule's threshold (messages, repeats, mentions, % caps, marks, lines)",
          min_value: 1,
          max_value: 10_000,
        },
        {
          type: Option.Integer,
          name: "seconds",
          description: "The window for rate and duplicates, in seconds",
          min_value: 1,
          max_value: 3_600,
        },
        { type: Option.String, name: "timeout", description: "How long a timeout lasts, e.g. 10m" },
      ],
    },
    {
      type: Option.Subcommand,
      name: "block",
      description: "Block a word, a phrase or a /pattern/ (RE2 syntax)",
      options: [text("A word, a phrase, or /regex/")],
    },
    {
      type: Option.Subcommand,
      name: "unblock",
      description: "Remove a blocked word, phrase or pattern",
      options: [text("Exactly as it was blocked")],
    },
    {
      type: Option.Subcommand,
      name: "allow-host",
      description: "Allow links to a host (and its subdomains)",
      options: [text("A host name, e.g. example.com")],
    },
    {
      type: Option.Subcommand,
      name: "disallow-host",
      description: "Stop allowing links to a host",
      options: [text("The host name")],
    },
    {
      type: Option.Subcommand,
      name: "exempt",
      description: "Exempt a role or a channel from a rule (or take the exemption back)",
      options: [
        rule,
        { type: Option.Role, name: "role", description: "A role whose members the rule ignores" },
        {
          type: Option.Channel,
          name: "channel",
          description: "A channel the rule ignores",
          channel_types: [
            ChannelType.GuildText,
            ChannelType.GuildAnnouncement,
            ChannelType.GuildForum,
            ChannelType.GuildMedia,
          ],
        },
        { type: Option.Boolean, name: "remove", description: "Take the exemption back" },
      ],
    },
    {
      type: Option.Subcommand,
      name: "ladder",
      description: "Escalate: this many automod warnings within a window become a timeout",
      options: [
        {
          type: Option.Integer,
          name: "warns",
          description: "Warnings that escalate (0 turns escalation off)",
          required: true,
          min_value: 0,
          max_value: 50,
        },
        { type: Option.String, name: "window", description: "Counted within, e.g. 1h (default 1h)" },
        { type: Option.String, name: "timeout", description: "The timeout, e.g. 1h (default 1h)" },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;
