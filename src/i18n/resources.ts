import type { Locale } from "./locales";
import appealsDe from "./locales/de/appeals.json";
import appealsEn from "./locales/en/appeals.json";
import appealsEs from "./locales/es-ES/appeals.json";
import activityDe from "./locales/de/activity.json";
import activityEn from "./locales/en/activity.json";
import activityEs from "./locales/es-ES/activity.json";
import automodDe from "./locales/de/automod.json";
import automodEn from "./locales/en/automod.json";
import automodEs from "./locales/es-ES/automod.json";
import archiveDe from "./locales/de/archive.json";
import archiveEn from "./locales/en/archive.json";
import archiveEs from "./locales/es-ES/archive.json";
import caselogDe from "./locales/de/caselog.json";
import caselogEn from "./locales/en/caselog.json";
import caselogEs from "./locales/es-ES/caselog.json";
import casesDe from "./locales/de/cases.json";
import casesEn from "./locales/en/cases.json";
import casesEs from "./locales/es-ES/cases.json";
import channelsDe from "./locales/de/channels.json";
import channelsEn from "./locales/en/channels.json";
import channelsEs from "./locales/es-ES/channels.json";
import dashboardDe from "./locales/de/dashboard.json";
import dashboardEn from "./locales/en/dashboard.json";
import dashboardEs from "./locales/es-ES/dashboard.json";
import commonDe from "./locales/de/common.json";
import commonEn from "./locales/en/common.json";
import commonEs from "./locales/es-ES/common.json";
import configDe from "./locales/de/config.json";
import configEn from "./locales/en/config.json";
import configEs from "./locales/es-ES/config.json";
import coreDe from "./locales/de/core.json";
import coreEn from "./locales/en/core.json";
import coreEs from "./locales/es-ES/core.json";
import economyDe from "./locales/de/economy.json";
import economyEn from "./locales/en/economy.json";
import economyEs from "./locales/es-ES/economy.json";
import groupsDe from "./locales/de/groups.json";
import groupsEn from "./locales/en/groups.json";
import groupsEs from "./locales/es-ES/groups.json";
import invitesDe from "./locales/de/invites.json";
import logsDe from "./locales/de/logs.json";
import logsEn from "./locales/en/logs.json";
import logsEs from "./locales/es-ES/logs.json";
import invitesEn from "./locales/en/invites.json";
import invitesEs from "./locales/es-ES/invites.json";
import menusDe from "./locales/de/menus.json";
import menusEn from "./locales/en/menus.json";
import menusEs from "./locales/es-ES/menus.json";
import moderationDe from "./locales/de/moderation.json";
import moderationEn from "./locales/en/moderation.json";
import moderationEs from "./locales/es-ES/moderation.json";
import opsDe from "./locales/de/ops.json";
import opsEn from "./locales/en/ops.json";
import opsEs from "./locales/es-ES/ops.json";
import profileDe from "./locales/de/profile.json";
import profileEn from "./locales/en/profile.json";
import profileEs from "./locales/es-ES/profile.json";
import quotesDe from "./locales/de/quotes.json";
import quotesEn from "./locales/en/quotes.json";
import quotesEs from "./locales/es-ES/quotes.json";
import reportsDe from "./locales/de/reports.json";
import reportsEn from "./locales/en/reports.json";
import reportsEs from "./locales/es-ES/reports.json";
import statsDe from "./locales/de/stats.json";
import statsEn from "./locales/en/stats.json";
import statsEs from "./locales/es-ES/stats.json";
import tagsDe from "./locales/de/tags.json";
import tagsEn from "./locales/en/tags.json";
import tagsEs from "./locales/es-ES/tags.json";
import variablesDe from "./locales/de/variables.json";
import variablesEn from "./locales/en/variables.json";
import variablesEs from "./locales/es-ES/variables.json";
import raidDe from "./locales/de/raid.json";
import raidEn from "./locales/en/raid.json";
import raidEs from "./locales/es-ES/raid.json";

/**
 * Every message Warden writes: one JSON file per feature (namespace) and language, one row per feature
 * here (English, German, Spanish). English is the source: its keys are the message identifiers; tests check
 * the other languages have exactly those keys and the same placeholders (test/unit/i18n/locale-files.test.ts).
 */
const NAMESPACES = [
  [activityEn, activityDe, activityEs],
  [archiveEn, archiveDe, archiveEs],
  [caselogEn, caselogDe, caselogEs],
  [casesEn, casesDe, casesEs],
  [channelsEn, channelsDe, channelsEs],
  [commonEn, commonDe, commonEs],
  [configEn, configDe, configEs],
  [dashboardEn, dashboardDe, dashboardEs],
  [coreEn, coreDe, coreEs],
  [economyEn, economyDe, economyEs],
  [groupsEn, groupsDe, groupsEs],
  [invitesEn, invitesDe, invitesEs],
  [logsEn, logsDe, logsEs],
  [menusEn, menusDe, menusEs],
  [moderationEn, moderationDe, moderationEs],
  [opsEn, opsDe, opsEs],
  [profileEn, profileDe, profileEs],
  [quotesEn, quotesDe, quotesEs],
  [reportsEn, reportsDe, reportsEs],
  [statsEn, statsDe, statsEs],
  [tagsEn, tagsDe, tagsEs],
  [variablesEn, variablesDe, variablesEs],
  [raidEn, raidDe, raidEs],
  [appealsEn, appealsDe, appealsEs],
  [automodEn, automodDe, automodEs],
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
