import deCases from "./locales/de/commands/cases.json";
import esCases from "./locales/es-ES/commands/cases.json";
import type { Locale } from "./locales";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own), one
 * JSON file per cog; keys as `commandTextKeys` gives them. Checked by test/unit/i18n/command-text.test.ts.
 */
export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: {
    ...deCases,
  },
  "es-ES": {
    ...esCases,
  },
};
