import deCases from "./locales/de/cases.json";
import deCommon from "./locales/de/common.json";
import enCases from "./locales/en/cases.json";
import enCommon from "./locales/en/common.json";
import esCases from "./locales/es-ES/cases.json";
import esCommon from "./locales/es-ES/common.json";
import type { Locale } from "./locales";

/**
 * Every message Warden writes, per language, one JSON file per feature (namespace). English is the
 * source: its keys are the message identifiers; tests check the other languages have exactly those keys
 * and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const en = {
  ...enCommon,
  ...enCases,
};

export type MessageId = keyof typeof en;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  de: {
    ...deCommon,
    ...deCases,
  },
  "es-ES": {
    ...esCommon,
    ...esCases,
  },
};
