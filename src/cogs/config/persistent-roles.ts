import type { Guild } from "discord.js";
import type { ResolvedRole } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { Incidents } from "../../bot/incidents";
import type { GuildConfigController } from "../../controllers/guild-config-controller";
import type { RoleHoldingController } from "../../controllers/role-holding-controller";
import { UserError } from "../../errors/user-error";
import type { Translator } from "../../i18n/translator";
import { assignable } from "../restrictions/restriction-roles";

const PAGE = 1000;

export interface PersistentRoleServices {
  configs: GuildConfigController;
  holdings: RoleHoldingController;
  incidents: Incidents;
  /** Whether the bot gets member events (PRIVILEGED_INTENTS): without them nothing is given back. */
  membersIntent: boolean;
}

/**
 * `/config persistent-roles add`: a role the bot can give back. Who holds it already is read from the
 * member list in the background (a page of 1,000 per request), so members who never change roles again
 * are known when they leave.
 */
export async function addPersistentRole(
  services: PersistentRoleServices,
  { guild, t }: GuildCommandContext,
  role: ResolvedRole,
): Promise<Reply> {
  const roleId = role.id;
  const cached = guild.roles.cache.get(roleId);
  if (roleId === guild.id || role.managed) throw new UserError("config.persistent_role_invalid", { roleId });
  if (!cached || !assignable(guild, cached))
    throw new UserError("config.persistent_role_above_me", { roleId });
  const config = await services.configs.get(guild.id);
  if (config.persistentRoleIds.includes(roleId))
    throw new UserError("config.persistent_role_already", { roleId });
  const updated = await services.configs.addPersistentRole(guild.id, roleId);
  if (services.membersIntent) {
    void services.incidents.detach("reading who holds a persistent role", () =>
      readHolders(services, guild, updated.persistentRoleIds),
    );
  }
  return { content: t.t("config.persistent_role_added", { roleId }) };
}

export async function removePersistentRole(
  { configs, holdings }: PersistentRoleServices,
  { guild, t }: GuildCommandContext,
  role: ResolvedRole,
): Promise<Reply> {
  const roleId = role.id;
  if (!(await configs.get(guild.id)).persistentRoleIds.includes(roleId)) {
    throw new UserError("config.persistent_role_not", { roleId });
  }
  await configs.removePersistentRole(guild.id, roleId);
  await holdings.forgetRole(guild.id, roleId);
  return { content: t.t("config.persistent_role_removed", { roleId }) };
}

export async function listPersistentRoles(
  services: PersistentRoleServices,
  { guild, t }: GuildCommandContext,
): Promise<Reply> {
  const roleIds = (await services.configs.get(guild.id)).persistentRoleIds;
  const list =
    roleIds.length === 0
      ? t.t("config.persistent_roles_none")
      : t.t("config.persistent_roles_list", { roles: t.list(roleIds.map((id) => `<@&${id}>`)) });
  return { content: services.membersIntent ? list : `${list} ${t.t("config.persistence_inactive")}` };
}

/** `/config show`'s line: what comes back on rejoin, or why nothing does. */
export function persistenceLine(roleIds: readonly string[], membersIntent: boolean, t: Translator): string {
  if (!membersIntent) return t.t("config.persistence_inactive");
  if (roleIds.length === 0) return t.t("config.persistence_no_roles");
  return t.t("config.persistence_roles", { roles: t.list(roleIds.map((id) => `<@&${id}>`)) });
}

async function readHolders(services: PersistentRoleServices, guild: Guild, persistent: readonly string[]) {
  let after = "0";
  for (;;) {
    const page = await guild.members.list({ limit: PAGE, after, cache: false });
    const held = new Map<string, string[]>();
    for (const member of page.values()) {
      const roles = [...member.roles.cache.keys()].filter((id) => persistent.includes(id));
      if (roles.length > 0) held.set(member.id, roles);
    }
    if (held.size > 0) await services.holdings.rememberMany(guild.id, held);
    const last = page.lastKey();
    if (page.size < PAGE || last === undefined) return;
    after = last;
  }
}
