import deCaselog from "./locales/de/caselog.json";
import deCommon from "./locales/de/common.json";
import deModeration from "./locales/de/moderation.json";
import enCaselog from "./locales/en/caselog.json";
import enCommon from "./locales/en/common.json";
import enModeration from "./locales/en/moderation.json";
import esCaselog from "./locales/es-ES/caselog.json";
import esCommon from "./locales/es-ES/common.json";
import esModeration from "./locales/es-ES/moderation.json";
import type { Locale } from "./locales";

/**
 * Every message Warden writes, per language, one JSON file per feature (namespace). English is the
 * source: its keys are the message identifiers; tests check the other languages have exactly those keys
 * and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const en = {
  ...enCommon,
  ...enCaselog,
  ...enModeration,
};

export type MessageId = keyof typeof en;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  de: {
    ...deCommon,
    ...deCaselog,
    ...deModeration,
  },
  "es-ES": {
    ...esCommon,
    ...esCaselog,
    ...esModeration,
  },
};
