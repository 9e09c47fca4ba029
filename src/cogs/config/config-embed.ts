import { PermissionFlagsBits, type APIEmbed } from "discord.js";
import type { GuildConfig } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { lockdownChannelList } from "./lockdown-channels";
import { missingPermissions, type ModLogChannelState } from "./mod-log-channel";

const WARNING_COLOR = 0xf0b232;
const FIELD_LIMIT = 1024;

function fit(text: string): string {
  return text.length <= FIELD_LIMIT ? text : `${text.slice(0, FIELD_LIMIT - 1)}…`;
}

export interface ConfigFacts {
  guildName: string;
  config: GuildConfig;
  /** Undefined when no mod-log channel is set. */
  modLogChannel: ModLogChannelState | undefined;
  /** Moderator roles the guild no longer has. */
  deletedRoleIds: ReadonlySet<string>;
  /** Without View Audit Log, Discord sends no audit entries: the event log misses role changes. */
  seesAuditLog: boolean;
  /** The restricted role as shown, and what stops /restrict from giving it. */
  restrictedRole: { value: string; problem?: string };
  /** What comes back when a member rejoins, or why nothing does. */
  persistence: string;
}

function channelProblem(state: ModLogChannelState | undefined, t: Translator): string | undefined {
  switch (state?.kind) {
    case "gone":
      return t.t("config.problem_gone");
    case "wrong-type":
      return t.t("config.problem_wrong_type");
    case "no-permission":
      return t.t("config.problem_no_permission", { permissions: missingPermissions(state.missing, t) });
    default:
      return undefined;
  }
}

function problems(facts: ConfigFacts, t: Translator): string[] {
  const found: string[] = [];
  const lastPost = facts.config.modLogProblem;
  if (lastPost) found.push(t.t("config.problem_last_post", { problem: lastPost }));
  const channel = channelProblem(facts.modLogChannel, t);
  if (channel) found.push(channel);
  if (facts.restrictedRole.problem) found.push(facts.restrictedRole.problem);
  if (!facts.seesAuditLog) {
    const permissions = missingPermissions(PermissionFlagsBits.ViewAuditLog, t);
    found.push(t.t("config.problem_audit_log", { permissions }));
  }
  return found.map((problem) => `⚠ ${problem}`);
}

function roleList(facts: ConfigFacts, t: Translator): string {
  const roles = facts.config.moderatorRoleIds.map((roleId) =>
    facts.deletedRoleIds.has(roleId) ? t.t("config.role_deleted", { roleId }) : `<@&${roleId}>`,
  );
  return roles.length > 0 ? roles.join(", ") : t.t("config.roles_none");
}

/** `/config show`: every setting, then whatever stops the mod log from working. */
export function configEmbed(facts: ConfigFacts, t: Translator): APIEmbed {
  const { config } = facts;
  const found = problems(facts, t);
  return {
    title: t.t("config.show_title", { guild: facts.guildName }),
    ...(found.length > 0 ? { color: WARNING_COLOR } : {}),
    fields: [
      {
        name: t.t("config.field_modlog"),
        value: config.modLogChannelId ? `<#${config.modLogChannelId}>` : t.t("config.modlog_not_set"),
      },
      { name: t.t("config.field_roles"), value: fit(roleList(facts, t)) },
      { name: t.t("config.field_lockdown"), value: fit(lockdownChannelList(config.lockdownChannelIds, t)) },
      { name: t.t("config.field_dm"), value: config.dmOnAction ? t.t("config.on") : t.t("config.off") },
      { name: t.t("config.field_restricted_role"), value: facts.restrictedRole.value },
      { name: t.t("config.field_persistence"), value: fit(facts.persistence) },
      ...(found.length > 0 ? [{ name: t.t("config.field_problems"), value: fit(found.join("\n")) }] : []),
    ],
  };
}
