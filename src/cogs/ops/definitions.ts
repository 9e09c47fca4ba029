import { ApplicationCommandOptionType as Option, InteractionContextType } from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

export const DbCommand = {
  name: "db",
  description: "Database administration (bot owners only)",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: Option.Subcommand,
      name: "stats",
      description: "Size, rows per table, pool use, slowest queries",
    },
    {
      type: Option.Subcommand,
      name: "backup",
      description: "Back the database up to a file in DATA_DIR/backups",
    },
    { type: Option.Subcommand, name: "vacuum", description: "VACUUM ANALYZE every table, one at a time" },
    { type: Option.Subcommand, name: "cleanup", description: "Apply every retention rule now" },
    { type: Option.Subcommand, name: "integrity", description: "Check counters, balances and indexes" },
  ],
} as const satisfies ChatInputCommandDefinition;
