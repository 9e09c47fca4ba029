import { Permission } from "./discord-enums";

export interface ModeratorFacts {
  guildId: string;
  /** The member's permissions in the guild (or the channel, for a slash command). */
  granted: bigint;
  /** The roles the member holds. */
  roleIds: readonly string[];
  /** The guild's configured moderator roles (`/config modrole`). */
  moderatorRoleIds: readonly string[];
  /** The permission the command (or page) asks for, e.g. Moderate Members for `/case`. */
  required: bigint | null;
}

/** Holds one of the guild's moderator roles; @everyone (the guild's id) never counts, even when listed. */
export function holdsModeratorRole(
  guildId: string,
  roleIds: readonly string[],
  moderatorRoleIds: readonly string[],
): boolean {
  return moderatorRoleIds.some((roleId) => roleId !== guildId && roleIds.includes(roleId));
}

/**
 * The moderator check of moderator commands (PermissionGuard) and of the dashboard: the required
 * permission, or Administrator, or a moderator role.
 */
export function passesModeratorCheck(facts: ModeratorFacts): boolean {
  const { granted, required } = facts;
  if (required && (granted & required) === required) return true;
  if ((granted & Permission.Administrator) !== 0n) return true;
  return holdsModeratorRole(facts.guildId, facts.roleIds, facts.moderatorRoleIds);
}
