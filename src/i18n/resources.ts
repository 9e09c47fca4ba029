import deCommon from "./locales/de/common.json";
import enCommon from "./locales/en/common.json";
import esCommon from "./locales/es-ES/common.json";
import deVariables from "./locales/de/variables.json";
import deGroups from "./locales/de/groups.json";
import deProfile from "./locales/de/profile.json";
import deStats from "./locales/de/stats.json";
import deInvites from "./locales/de/invites.json";
import enVariables from "./locales/en/variables.json";
import enGroups from "./locales/en/groups.json";
import enProfile from "./locales/en/profile.json";
import enStats from "./locales/en/stats.json";
import enInvites from "./locales/en/invites.json";
import esVariables from "./locales/es-ES/variables.json";
import esGroups from "./locales/es-ES/groups.json";
import esProfile from "./locales/es-ES/profile.json";
import esStats from "./locales/es-ES/stats.json";
import esInvites from "./locales/es-ES/invites.json";
import type { Locale } from "./locales";

/**
 * Every message Warden writes, per language, one JSON file per feature (namespace). English is the
 * source: its keys are the message identifiers; tests check the other languages have exactly those keys
 * and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const en = {
  ...enCommon,
  ...enVariables,
  ...enGroups,
  ...enProfile,
  ...enStats,
  ...enInvites,
};

export type MessageId = keyof typeof en;

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en,
  de: {
    ...deCommon,
    ...deVariables,
    ...deGroups,
    ...deProfile,
    ...deStats,
    ...deInvites,
  },
  "es-ES": {
    ...esCommon,
    ...esVariables,
    ...esGroups,
    ...esProfile,
    ...esStats,
    ...esInvites,
  },
};
