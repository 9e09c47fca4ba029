import type { Locale } from "./locales";
import casesDe from "./locales/de/cases.json";
import casesEn from "./locales/en/cases.json";
import casesEs from "./locales/es-ES/cases.json";
import caselogDe from "./locales/de/caselog.json";
import caselogEn from "./locales/en/caselog.json";
import caselogEs from "./locales/es-ES/caselog.json";
import commonDe from "./locales/de/common.json";
import commonEn from "./locales/en/common.json";
import commonEs from "./locales/es-ES/common.json";
import moderationDe from "./locales/de/moderation.json";
import moderationEn from "./locales/en/moderation.json";
import moderationEs from "./locales/es-ES/moderation.json";

/**
 * Every message Warden writes: one JSON file per feature (namespace) and language, one row per feature
 * here (English, German, Spanish). English is the source: its keys are the message identifiers; tests check
 * the other languages have exactly those keys and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const NAMESPACES = [
  [casesEn, casesDe, casesEs],
  [caselogEn, caselogDe, caselogEs],
  [commonEn, commonDe, commonEs],
  [moderationEn, moderationDe, moderationEs],
] as const;

type KeysOf<T> = T extends unknown ? keyof T : never;
export type MessageId = KeysOf<(typeof NAMESPACES)[number][0]>;

function merged(column: 0 | 1 | 2): Readonly<Record<string, string>> {
  return Object.assign({}, ...NAMESPACES.map((row) => row[column])) as Record<string, string>;
}

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: merged(0),
  de: merged(1),
  "es-ES": merged(2),
};
