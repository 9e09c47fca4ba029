import type { Guild, GuildMember, Role } from "discord.js";
import { UserError } from "../../errors/user-error";

/** Whether the bot may give or take `role`: a real role, no integration's, below the bot's highest. */
export function assignable(guild: Guild, role: Role): boolean {
  const me = guild.members.me;
  if (role.id === guild.id || role.managed || !me) return false;
  return guild.roles.comparePositions(role, me.roles.highest) < 0;
}

/**
 * A moderator ends or changes a restriction only if they could give back by hand every role it would
 * give back: each below their highest role (the owner excepted). Else `/unrestrict`, or `/case duration`
 * and then the expiry, would hand out a role above them (moved up since, or the restriction was a senior's).
 * Roles the bot may no longer give are not given back at all (see rolesToRestore), so they do not count.
 */
export function refuseKeptAboveActor(
  guild: Guild,
  actor: GuildMember,
  targetName: string,
  removed: readonly string[],
): void {
  if (actor.id === guild.ownerId) return;
  const [highest] = removed
    .map((id) => guild.roles.cache.get(id))
    .filter((role): role is Role => role !== undefined && assignable(guild, role))
    .filter((role) => guild.roles.comparePositions(role, actor.roles.highest) >= 0)
    .sort((a, b) => guild.roles.comparePositions(b, a));
  if (highest)
    throw new UserError("moderation.kept_role_above_you", { target: targetName, roleId: highest.id });
}

/** The restricted role, or why /restrict cannot give it. */
export function restrictedRole(guild: Guild, roleId: string | null): Role {
  if (roleId === null) throw new UserError("moderation.restrict_no_role");
  const role = guild.roles.cache.get(roleId);
  if (!role) throw new UserError("moderation.restrict_role_gone");
  if (!assignable(guild, role)) throw new UserError("moderation.restrict_role_above_me", { roleId });
  return role;
}

/** The member's roles (never @everyone), split into those a restriction takes and those it must leave. */
export function splitForRestriction(member: GuildMember, role: Role): { removed: string[]; kept: string[] } {
  const { guild } = member;
  const held = [...member.roles.cache.values()].filter((held) => held.id !== guild.id && held.id !== role.id);
  return {
    removed: held.filter((held) => assignable(guild, held)).map((held) => held.id),
    kept: held.filter((held) => !assignable(guild, held)).map((held) => held.id),
  };
}

/**
 * The member's roles once the restriction ends: what they hold now but the restricted role, plus what it
 * took that still exists and the bot may still give; `lost` are the ones it may not.
 */
export function rolesToRestore(
  guild: Guild,
  current: readonly string[],
  restrictedRoleId: string,
  removed: readonly string[],
): { roles: string[]; lost: string[] } {
  const restorable = removed.filter((id) => {
    const role = guild.roles.cache.get(id);
    return role !== undefined && assignable(guild, role);
  });
  const now = current.filter((id) => id !== guild.id && id !== restrictedRoleId);
  return {
    roles: [...new Set([...now, ...restorable])],
    lost: removed.filter((id) => !restorable.includes(id)),
  };
}
