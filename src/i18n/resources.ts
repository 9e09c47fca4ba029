import deCommon from "./locales/de/common.json";
import deConfig from "./locales/de/config.json";
import deEconomy from "./locales/de/economy.json";
import deTags from "./locales/de/tags.json";
import enCommon from "./locales/en/common.json";
import enConfig from "./locales/en/config.json";
import enEconomy from "./locales/en/economy.json";
import enTags from "./locales/en/tags.json";
import esCommon from "./locales/es-ES/common.json";
import esConfig from "./locales/es-ES/config.json";
import esEconomy from "./locales/es-ES/economy.json";
import esTags from "./locales/es-ES/tags.json";
import type { Locale } from "./locales";

/**
 * Every message Warden writes, per language, one JSON file per feature (namespace). English is the
 * source: its keys are the message identifiers; tests check the other languages have exactly those keys
 * and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const en = { ...enCommon, ...enEconomy, ...enTags, ...enConfig };

export type MessageId = keyof typeof en;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  de: { ...deCommon, ...deEconomy, ...deTags, ...deConfig },
  "es-ES": { ...esCommon, ...esEconomy, ...esTags, ...esConfig },
};
