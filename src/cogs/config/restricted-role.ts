import type { Guild } from "discord.js";
import type { ResolvedRole } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { assignable } from "../restrictions/restriction-roles";

/** `/config restricted-role set`: a role the bot can give (not @everyone, no integration's, below its own). */
export async function setRestrictedRole(
  configs: GuildConfigController,
  { guild, t }: GuildCommandContext,
  role: ResolvedRole,
): Promise<Reply> {
  const roleId = role.id;
  const cached = guild.roles.cache.get(roleId);
  if (roleId === guild.id || role.managed) throw new UserError("config.restricted_role_invalid", { roleId });
  if (!cached || !assignable(guild, cached))
    throw new UserError("config.restricted_role_above_me", { roleId });
  await configs.update(guild.id, { restrictedRoleId: roleId });
  return { content: t.t("config.restricted_role_set", { roleId }) };
}

export async function clearRestrictedRole(
  configs: GuildConfigController,
  { guild, t }: GuildCommandContext,
): Promise<Reply> {
  await configs.update(guild.id, { restrictedRoleId: null });
  return { content: t.t("config.restricted_role_cleared") };
}

/** What `/config show` says about the restricted role: the role, or "not set"; and its problem, if any. */
export function restrictedRoleFacts(
  guild: Guild,
  roleId: string | null,
  t: Translator,
): { value: string; problem?: string } {
  if (roleId === null) return { value: t.t("config.modlog_not_set") };
  const role = guild.roles.cache.get(roleId);
  if (!role)
    return {
      value: t.t("config.role_deleted", { roleId }),
      problem: t.t("config.problem_restricted_role_gone"),
    };
  if (!assignable(guild, role))
    return { value: `<@&${roleId}>`, problem: t.t("config.problem_restricted_role_above_me") };
  return { value: `<@&${roleId}>` };
}
