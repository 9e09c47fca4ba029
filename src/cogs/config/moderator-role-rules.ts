import { PermissionFlagsBits, type Guild, type GuildMember } from "discord.js";
import type { ResolvedRole } from "../../bot/commands/arguments";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { UserError } from "../../errors/user-error";

/**
 * Who may change moderator roles: the guild owner or a member with Administrator. Manage Server alone is
 * not enough, since a moderator role lends the bot's Ban/Kick/Timeout permissions to its members.
 */
export function requireModeratorRoleManager(context: GuildCommandContext): void {
  if (context.user.id === context.guild.ownerId) return;
  if (context.interaction.memberPermissions?.has(PermissionFlagsBits.Administrator)) return;
  throw new UserError("config.modrole_needs_admin");
}

/** Why a role cannot be a moderator role when `adder` adds it; null when it can. */
export type GrantableRoleProblem = "everyone" | "managed" | "not_below";

/**
 * A moderator role must be one its adder could hand out with Manage Roles: not @everyone, not a role an
 * integration manages, and strictly below the adder's highest role (the owner is exempt from the last).
 */
export function grantableRoleProblem(
  guild: Guild,
  adder: GuildMember,
  role: Pick<ResolvedRole, "id" | "managed" | "position">,
): GrantableRoleProblem | null {
  if (role.id === guild.id) return "everyone";
  if (role.managed) return "managed";
  if (adder.id === guild.ownerId) return null;
  return isBelowHighestRole(guild, role, adder) ? null : "not_below";
}

export function checkGrantableRole(context: GuildCommandContext, role: ResolvedRole): void {
  const problem = grantableRoleProblem(context.guild, context.member, role);
  if (problem === "everyone") throw new UserError("config.modrole_everyone");
  if (problem === "managed") throw new UserError("config.modrole_managed", { roleId: role.id });
  if (problem === "not_below") throw new UserError("config.modrole_not_below", { roleId: role.id });
}

function isBelowHighestRole(
  guild: Guild,
  role: Pick<ResolvedRole, "id" | "position">,
  member: GuildMember,
): boolean {
  const highest = member.roles.highest;
  const cached = guild.roles.cache.get(role.id);
  if (cached) return guild.roles.comparePositions(cached, highest) < 0;
  return role.position < highest.position;
}
