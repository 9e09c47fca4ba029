import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { MAX_LEDGER_REASON_LENGTH } from "../../entities/ledger-entry";

const guildOnly = [InteractionContextType.Guild] as const;
const manageGuild = String(PermissionFlagsBits.ManageGuild);

const member = { type: Option.User, name: "user", description: "The member", required: true } as const;
const amount = {
  type: Option.Integer,
  name: "amount",
  description: "How many points",
  required: true,
  min_value: 1,
} as const;
const reason = {
  type: Option.String,
  name: "reason",
  description: "Why",
  required: true,
  max_length: MAX_LEDGER_REASON_LENGTH,
} as const;

export const BalanceCommand = {
  name: "balance",
  description: "Show your points, or another member's",
  contexts: guildOnly,
  options: [{ ...member, description: "Whose balance (you, when left out)", required: false }],
} as const satisfies ChatInputCommandDefinition;

export const GiveCommand = {
  name: "give",
  description: "Give some of your points to another member",
  contexts: guildOnly,
  options: [member, amount, { ...reason, required: false }],
} as const satisfies ChatInputCommandDefinition;

export const LeaderboardCommand = {
  name: "leaderboard",
  description: "The members with the most points",
  contexts: guildOnly,
} as const satisfies ChatInputCommandDefinition;

export const DailyCommand = {
  name: "daily",
  description: "Claim your daily points (once every 24 hours)",
  contexts: guildOnly,
} as const satisfies ChatInputCommandDefinition;

export const EconomyCommand = {
  name: "economy",
  description: "Manage members' points",
  default_member_permissions: manageGuild,
  contexts: guildOnly,
  options: [
    {
      type: Option.Subcommand,
      name: "add",
      description: "Add points to a member",
      options: [member, amount, reason],
    },
    {
      type: Option.Subcommand,
      name: "remove",
      description: "Take points from a member (never below zero)",
      options: [member, amount, reason],
    },
    {
      type: Option.Subcommand,
      name: "set",
      description: "Set a member's points",
      options: [member, { ...amount, min_value: 0 }, reason],
    },
    {
      type: Option.Subcommand,
      name: "stats",
      description: "Members with points, points in circulation, top holders",
    },
  ],
} as const satisfies ChatInputCommandDefinition;
