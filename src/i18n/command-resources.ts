import deVariablesCommands from "./locales/de/commands/variables.json";
import deGroupsCommands from "./locales/de/commands/groups.json";
import deProfileCommands from "./locales/de/commands/profile.json";
import deStatsCommands from "./locales/de/commands/stats.json";
import deInvitesCommands from "./locales/de/commands/invites.json";
import esVariablesCommands from "./locales/es-ES/commands/variables.json";
import esGroupsCommands from "./locales/es-ES/commands/groups.json";
import esProfileCommands from "./locales/es-ES/commands/profile.json";
import esStatsCommands from "./locales/es-ES/commands/stats.json";
import esInvitesCommands from "./locales/es-ES/commands/invites.json";
import type { Locale } from "./locales";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own), one
 * JSON file per cog; keys as `commandTextKeys` gives them. Checked by test/unit/i18n/command-text.test.ts.
 */
export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: {
    ...deVariablesCommands,
    ...deGroupsCommands,
    ...deProfileCommands,
    ...deStatsCommands,
    ...deInvitesCommands,
  },
  "es-ES": {
    ...esVariablesCommands,
    ...esGroupsCommands,
    ...esProfileCommands,
    ...esStatsCommands,
    ...esInvitesCommands,
  },
};
