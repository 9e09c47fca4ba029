import {
  ApplicationCommandOptionType as Option,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";
import { CaseType } from "../../entities";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { translator } from "../../i18n/translator";
import { MAX_LINK_LENGTH } from "./arguments";
import { caseTitle } from "./case-embed";

const guildOnly = [InteractionContextType.Guild] as const;
const moderate = String(PermissionFlagsBits.ModerateMembers);

const caseNumber = {
  type: Option.Integer,
  name: "number",
  description: "The case number",
  required: true,
  min_value: 1,
  autocomplete: true,
} as const;

const reason = {
  type: Option.String,
  name: "reason",
  description: "Why",
  required: true,
  max_length: MAX_REASON_LENGTH,
} as const;

const caseTypeChoices: readonly { readonly name: string; readonly value: CaseType }[] = Object.values(
  CaseType,
).map((type) => ({ name: caseTitle(type, translator("en")), value: type }));

export const CaseCommand = {
  name: "case",
  description: "Look at or correct one moderation case",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [
    {
      type: Option.Subcommand,
      name: "show",
      description: "Show a case and its edit history",
      options: [caseNumber],
    },
    {
      type: Option.Subcommand,
      name: "reason",
      description: "Change a case's reason (the old one stays in its history)",
      options: [caseNumber, { ...reason, description: "The new reason" }],
    },
    {
      type: Option.Subcommand,
      name: "delete",
      description: "Delete a case: hidden from lists, kept on record with its history",
      options: [caseNumber, { ...reason, description: "Why it is deleted" }],
    },
    {
      type: Option.Subcommand,
      name: "duration",
      description: "Change when a running tempban, timeout or restriction ends (counted from now)",
      options: [
        caseNumber,
        { type: Option.String, name: "duration", description: "From now, e.g. 2h, 7d", required: true },
      ],
    },
    {
      type: Option.Subcommand,
      name: "note",
      description: "Add a moderator note to a case's history (its reason stays as it is)",
      options: [caseNumber, { ...reason, name: "text", description: "The note" }],
    },
    {
      type: Option.Subcommand,
      name: "evidence",
      description: "Keep a file or a message link with a case as evidence",
      options: [
        caseNumber,
        { type: Option.Attachment, name: "attachment", description: "A file to keep with the case" },
        {
          type: Option.String,
          name: "link",
          description: "A link to a message in this server",
          max_length: MAX_LINK_LENGTH,
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "link",
      description: "Mark a case as referring to an earlier one",
      options: [
        caseNumber,
        { ...caseNumber, name: "refers_to", description: "The earlier case it refers to" },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;

export const CasesCommand = {
  name: "cases",
  description: "List, export or import cases",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [
    {
      type: Option.Subcommand,
      name: "list",
      description: "List cases, newest first",
      options: [
        { type: Option.User, name: "user", description: "Only cases about this member" },
        { type: Option.User, name: "moderator", description: "Only cases by this moderator" },
        {
          type: Option.String,
          name: "type",
          description: "Only cases of this kind",
          choices: caseTypeChoices,
        },
      ],
    },
    {
      type: Option.Subcommand,
      name: "export",
      description: "Download the cases, with their history and references, as a file",
      options: [
        {
          type: Option.String,
          name: "format",
          description: "JSON (can be imported) or CSV (for spreadsheets)",
          required: true,
          choices: [
            { name: "JSON", value: "json" },
            { name: "CSV", value: "csv" },
          ],
        },
        { type: Option.User, name: "user", description: "Only cases about this member" },
        { type: Option.String, name: "since", description: "Only cases since, e.g. 2026-01-31 or 30d" },
      ],
    },
    {
      type: Option.Subcommand,
      name: "import",
      description: "Read a JSON export back in, numbers kept (Administrator)",
      options: [
        { type: Option.Attachment, name: "file", description: "A /cases export in JSON", required: true },
      ],
    },
  ],
} as const satisfies ChatInputCommandDefinition;

export const HistoryCommand = {
  name: "history",
  description: "A member's record: cases by kind and the latest ten",
  default_member_permissions: moderate,
  contexts: guildOnly,
  options: [{ type: Option.User, name: "user", description: "The member", required: true }],
} as const satisfies ChatInputCommandDefinition;
