import { PermissionFlagsBits } from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import type { SimGuild } from "./guild";
import type { World } from "./world";

/** The guild, if it exists and the bot is in it (else 10004 Unknown Guild, as Discord answers). */
export function guildFor(world: World, guildId: string): SimGuild {
  const guild = world.guilds.get(guildId);
  if (!guild || !guild.members.has(world.botUser.id)) throw apiErrors.unknownGuild();
  return guild;
}

export function requirePermission(
  guild: SimGuild,
  actorId: string,
  permission: bigint,
  channelId?: string,
): void {
  if ((guild.permissionsOf(actorId, channelId) & permission) !== permission)
    throw apiErrors.missingPermissions();
}

/** Role hierarchy: nobody acts on the owner, and the actor's highest role must be above the target's. */
export function requireAbove(guild: SimGuild, actorId: string, targetId: string): void {
  if (actorId === guild.ownerId) return;
  if (targetId === guild.ownerId) throw apiErrors.missingPermissions();
  if (guild.highestRolePosition(actorId) <= guild.highestRolePosition(targetId))
    throw apiErrors.missingPermissions();
}

/** Assigning or removing a role needs ManageRoles and the role below the actor's highest role. */
export function requireManageableRole(guild: SimGuild, actorId: string, roleId: string): void {
  const role = guild.roles.get(roleId);
  if (!role || roleId === guild.id) throw apiErrors.unknownRole();
  requirePermission(guild, actorId, PermissionFlagsBits.ManageRoles);
  if (actorId !== guild.ownerId && role.position >= guild.highestRolePosition(actorId)) {
    throw apiErrors.missingPermissions();
  }
}

export function checkAuditReason(reason: string | null): void {
  if (reason !== null && reason.length > 512)
    throw apiErrors.invalidForm("reason", "Must be 512 or fewer in length.");
}
