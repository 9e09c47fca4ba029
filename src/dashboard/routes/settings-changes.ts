import type { Guild } from "discord.js";
import type { AutomodController } from "../../controllers/automod-controller";
import type { GuildConfigController } from "../../controllers/guild-config-controller";
import { AUTOMOD_RULES, type AutomodRuleName } from "../../entities/automod-rule";
import type { MessageId } from "../../i18n/resources";
import type { MessageValues, Translator } from "../../i18n/translator";
import { ruleOrDefault } from "../../cogs/automod/automod-commands";
import { missingPermissions, modLogChannelState } from "../../cogs/config/mod-log-channel";
import { grantableRoleProblem, type GrantableRoleProblem } from "../../cogs/config/moderator-role-rules";

const ROLE_PROBLEMS: Readonly<Record<GrantableRoleProblem, MessageId>> = {
  everyone: "dashboard.settings_role_everyone",
  managed: "dashboard.settings_role_managed",
  not_below: "dashboard.settings_role_not_below",
};

/** Why a change was not made, in the reader's language; null when it was made. */
export interface SettingsProblem {
  id: MessageId;
  values?: MessageValues;
}

type Form = Record<string, unknown> | undefined;

/** A form field that may repeat (a multi-select, checkboxes), as a list of strings. */
export function formList(body: Form, field: string): string[] {
  const value = body?.[field];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((entry): entry is string => typeof entry === "string");
}

/** `/config modlog`'s checks on the bot's cache, then the same controller call. */
export async function changeModLog(
  t: Translator,
  configs: GuildConfigController,
  guild: Guild,
  body: Form,
): Promise<SettingsProblem | null> {
  const [channelId = ""] = formList(body, "channel");
  const state = await modLogChannelState(guild, channelId);
  const channel = guild.channels.cache.get(channelId)?.name ?? channelId;
  if (state.kind === "gone") return { id: "dashboard.settings_channel_gone" };
  if (state.kind === "wrong-type")
    return { id: "dashboard.settings_channel_wrong_type", values: { channel } };
  if (state.kind === "no-permission") {
    const permissions = missingPermissions(state.missing, t);
    return { id: "dashboard.settings_channel_no_permission", values: { channel, permissions } };
  }
  await configs.setModLogChannel(guild.id, channelId);
  return null;
}

/**
 * The moderator roles as selected, against those the page showed (`shown`), not those saved now: a page
 * loaded before another administrator's change neither restores a role they removed nor drops one they
 * added. Added ones pass `/config modrole add`'s rules for the person adding them (all are checked before
 * any is saved); only saved roles can be removed (`shown` comes from the form, not from us). The changes go
 * through `/config modrole`'s controller calls (each a no-op if already made), all in one transaction.
 */
export async function changeModeratorRoles(
  configs: GuildConfigController,
  guild: Guild,
  userId: string,
  body: Form,
): Promise<SettingsProblem | null> {
  const wanted = new Set(formList(body, "roles"));
  const shown = new Set(formList(body, "shown"));
  const saved = new Set((await configs.get(guild.id)).moderatorRoleIds);
  const added = [...wanted].filter((roleId) => !shown.has(roleId));
  const removed = [...shown].filter((roleId) => !wanted.has(roleId) && saved.has(roleId));
  if (added.length > 0) {
    const adder = await guild.members.fetch(userId);
    for (const roleId of added) {
      const role = guild.roles.cache.get(roleId);
      if (!role) return { id: "dashboard.settings_role_gone" };
      const problem = grantableRoleProblem(guild, adder, role);
      if (problem) return { id: ROLE_PROBLEMS[problem], values: { role: role.name } };
    }
  }
  await configs.transaction(async () => {
    for (const roleId of added) await configs.addModeratorRole(guild.id, roleId);
    for (const roleId of removed) await configs.removeModeratorRole(guild.id, roleId);
  });
  return null;
}

/**
 * The rules ticked are on, the others off, for each rule the reader changed from what the page showed
 * (`shown`: the rules it showed on), so a page loaded before someone else's change does not undo it; each
 * goes through `/automod rule`'s call, all in one transaction.
 */
export async function changeAutomodRules(
  automod: AutomodController,
  guildId: string,
  body: Form,
): Promise<SettingsProblem | null> {
  const names: readonly string[] = AUTOMOD_RULES;
  const enabled = formList(body, "enabled");
  const shown = formList(body, "shown");
  if (enabled.some((rule) => !names.includes(rule))) return { id: "dashboard.settings_rule_unknown" };
  const rows = await automod.load(guildId);
  await automod.transaction(async () => {
    for (const rule of AUTOMOD_RULES as readonly AutomodRuleName[]) {
      const current = ruleOrDefault(rows, rule);
      const on = enabled.includes(rule);
      if (on !== shown.includes(rule) && current.enabled !== on) {
        await automod.setRule(guildId, rule, current, { enabled: on });
      }
    }
  });
  return null;
}
