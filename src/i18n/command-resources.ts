import type { Locale } from "./locales";
import appealsDe from "./locales/de/commands/appeals.json";
import appealsEs from "./locales/es-ES/commands/appeals.json";
import activityDe from "./locales/de/commands/activity.json";
import activityEs from "./locales/es-ES/commands/activity.json";
import automodDe from "./locales/de/commands/automod.json";
import automodEs from "./locales/es-ES/commands/automod.json";
import casesDe from "./locales/de/commands/cases.json";
import casesEs from "./locales/es-ES/commands/cases.json";
import channelsDe from "./locales/de/commands/channels.json";
import channelsEs from "./locales/es-ES/commands/channels.json";
import configDe from "./locales/de/commands/config.json";
import configEs from "./locales/es-ES/commands/config.json";
import coreDe from "./locales/de/commands/core.json";
import coreEs from "./locales/es-ES/commands/core.json";
import economyDe from "./locales/de/commands/economy.json";
import economyEs from "./locales/es-ES/commands/economy.json";
import groupsDe from "./locales/de/commands/groups.json";
import groupsEs from "./locales/es-ES/commands/groups.json";
import invitesDe from "./locales/de/commands/invites.json";
import invitesEs from "./locales/es-ES/commands/invites.json";
import moderationDe from "./locales/de/commands/moderation.json";
import moderationEs from "./locales/es-ES/commands/moderation.json";
import logsDe from "./locales/de/commands/logs.json";
import logsEs from "./locales/es-ES/commands/logs.json";
import opsDe from "./locales/de/commands/ops.json";
import opsEs from "./locales/es-ES/commands/ops.json";
import profileDe from "./locales/de/commands/profile.json";
import profileEs from "./locales/es-ES/commands/profile.json";
import quotesDe from "./locales/de/commands/quotes.json";
import quotesEs from "./locales/es-ES/commands/quotes.json";
import reportsDe from "./locales/de/commands/reports.json";
import reportsEs from "./locales/es-ES/commands/reports.json";
import restrictionsDe from "./locales/de/commands/restrictions.json";
import restrictionsEs from "./locales/es-ES/commands/restrictions.json";
import statsDe from "./locales/de/commands/stats.json";
import statsEs from "./locales/es-ES/commands/stats.json";
import tagsDe from "./locales/de/commands/tags.json";
import tagsEs from "./locales/es-ES/commands/tags.json";
import variablesDe from "./locales/de/commands/variables.json";
import variablesEs from "./locales/es-ES/commands/variables.json";
import raidDe from "./locales/de/commands/raid.json";
import raidEs from "./locales/es-ES/commands/raid.json";

/**
 * Command names, descriptions and choices in each language besides English (the definitions' own): one
 * JSON file per cog and language, one row per cog here (German, Spanish); keys as `commandTextKeys` gives
 * them. Checked by test/unit/i18n/command-text.test.ts.
 */
const COGS = [
  [activityDe, activityEs],
  [casesDe, casesEs],
  [channelsDe, channelsEs],
  [configDe, configEs],
  [coreDe, coreEs],
  [economyDe, economyEs],
  [groupsDe, groupsEs],
  [invitesDe, invitesEs],
  [logsDe, logsEs],
  [moderationDe, moderationEs],
  [opsDe, opsEs],
  [profileDe, profileEs],
  [quotesDe, quotesEs],
  [reportsDe, reportsEs],
  [restrictionsDe, restrictionsEs],
  [statsDe, statsEs],
  [tagsDe, tagsEs],
  [variablesDe, variablesEs],
  [raidDe, raidEs],
  [appealsDe, appealsEs],
  [automodDe, automodEs],
] as const;

function merged(column: 0 | 1): Readonly<Record<string, string>> {
  return Object.assign({}, ...COGS.map((row) => row[column])) as Record<string, string>;
}

export const COMMAND_TEXT: Readonly<Record<Exclude<Locale, "en">, Readonly<Record<string, string>>>> = {
  de: merged(0),
  "es-ES": merged(1),
};
