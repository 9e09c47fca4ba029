import { ChannelType, type Guild } from "discord.js";
import type { GuildAutomodRows } from "../../controllers/automod-controller";
import { AUTOMOD_RULES } from "../../entities/automod-rule";
import type { GuildConfig } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { ruleOrDefault } from "../../cogs/automod/automod-commands";

/** Where a mod log can go: the channel types `/config modlog` accepts. */
const MOD_LOG_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
]);

/** Roles a moderator role could be: not @everyone, not an integration's (the rest is checked on save). */
export function assignableRoles(guild: Guild) {
  return [...guild.roles.cache.values()]
    .filter((role) => role.id !== guild.id && !role.managed)
    .sort((a, b) => b.position - a.position);
}

/** Everything the settings page shows, from the bot's cache of the guild and the saved settings. */
export function settingsPageData(
  t: Translator,
  guild: Guild,
  config: GuildConfig,
  automod: GuildAutomodRows,
) {
  const base = `/guilds/${guild.id}/settings`;
  const channels = [...guild.channels.cache.values()]
    .filter((channel) => MOD_LOG_TYPES.has(channel.type))
    .sort((a, b) => ("rawPosition" in a && "rawPosition" in b ? a.rawPosition - b.rawPosition : 0));
  return {
    heading: t.t("dashboard.settings_title", { guild: guild.name }),
    modLog: {
      action: `${base}/mod-log`,
      label: t.t("dashboard.settings_mod_log"),
      none: t.t("dashboard.settings_mod_log_none"),
      button: t.t("dashboard.settings_save_mod_log"),
      options: channels.map((channel) => ({
        value: channel.id,
        label: `#${channel.name}`,
        selected: channel.id === config.modLogChannelId,
      })),
    },
    roles: {
      action: `${base}/moderator-roles`,
      label: t.t("dashboard.settings_moderator_roles"),
      hint: t.t("dashboard.settings_moderator_roles_hint"),
      button: t.t("dashboard.settings_save_roles"),
      /** What the page showed, so that saving changes only what the reader changed (settings-changes). */
      shown: config.moderatorRoleIds,
      options: assignableRoles(guild).map((role) => ({
        value: role.id,
        label: role.name,
        selected: config.moderatorRoleIds.includes(role.id),
      })),
    },
    automod: {
      action: `${base}/automod`,
      legend: t.t("dashboard.settings_automod"),
      button: t.t("dashboard.settings_save_automod"),
      shown: AUTOMOD_RULES.filter((rule) => ruleOrDefault(automod, rule).enabled),
      rules: AUTOMOD_RULES.map((rule) => ({
        value: rule,
        label: t.t("dashboard.settings_rule_enabled", { rule }),
        checked: ruleOrDefault(automod, rule).enabled,
      })),
    },
  };
}
