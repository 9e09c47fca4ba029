import deConfig from "./locales/de/commands/config.json";
import deEconomy from "./locales/de/commands/economy.json";
import deTags from "./locales/de/commands/tags.json";
import esConfig from "./locales/es-ES/commands/config.json";
import esEconomy from "./locales/es-ES/commands/economy.json";
import esTags from "./locales/es-ES/commands/tags.json";
import type { Locale } from "./locales";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own), one
 * JSON file per cog; keys as `commandTextKeys` gives them. Checked by test/unit/i18n/command-text.test.ts.
 */
export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: { ...deEconomy, ...deTags, ...deConfig },
  "es-ES": { ...esEconomy, ...esTags, ...esConfig },
};
