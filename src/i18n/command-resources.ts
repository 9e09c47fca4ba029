import deActivity from "./locales/de/commands/activity.json";
import deCore from "./locales/de/commands/core.json";
import deOps from "./locales/de/commands/ops.json";
import esActivity from "./locales/es-ES/commands/activity.json";
import esCore from "./locales/es-ES/commands/core.json";
import esOps from "./locales/es-ES/commands/ops.json";
import type { Locale } from "./locales";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own), one
 * JSON file per cog; keys as `commandTextKeys` gives them. Checked by test/unit/i18n/command-text.test.ts.
 */
export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: { ...deActivity, ...deCore, ...deOps },
  "es-ES": { ...esActivity, ...esCore, ...esOps },
};
