import deActivity from "./locales/de/activity.json";
import deCommon from "./locales/de/common.json";
import deCore from "./locales/de/core.json";
import deOps from "./locales/de/ops.json";
import enActivity from "./locales/en/activity.json";
import enCommon from "./locales/en/common.json";
import enCore from "./locales/en/core.json";
import enOps from "./locales/en/ops.json";
import esActivity from "./locales/es-ES/activity.json";
import esCommon from "./locales/es-ES/common.json";
import esCore from "./locales/es-ES/core.json";
import esOps from "./locales/es-ES/ops.json";
import type { Locale } from "./locales";

/**
 * Every message Warden writes, per language, one JSON file per feature (namespace). English is the
 * source: its keys are the message identifiers; tests check the other languages have exactly those keys
 * and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const en = { ...enCommon, ...enActivity, ...enCore, ...enOps };

export type MessageId = keyof typeof en;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  de: { ...deCommon, ...deActivity, ...deCore, ...deOps },
  "es-ES": { ...esCommon, ...esActivity, ...esCore, ...esOps },
};
