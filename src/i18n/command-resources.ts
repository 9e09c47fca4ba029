import type { Locale } from "./locales";
import deModeration from "./locales/de/commands/moderation.json";
import esModeration from "./locales/es-ES/commands/moderation.json";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own), one
 * JSON file per cog; keys as `commandTextKeys` gives them. Checked by test/unit/i18n/command-text.test.ts.
 */
export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: {
    ...deModeration,
  },
  "es-ES": {
    ...esModeration,
  },
};
