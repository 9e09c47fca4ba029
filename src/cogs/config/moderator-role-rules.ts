import { PermissionFlagsBits, type GuildMember } from "discord.js";
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

/**
 * A moderator role must be one its adder could hand out with Manage Roles: not @everyone, not a role an
 * integration manages, and strictly below the adder's highest role (the owner is exempt from the last).
 */
export function checkGrantableRole(context: GuildCommandContext, role: ResolvedRole): void {
  const { guild } = context;
  if (role.id === guild.id) throw new UserError("config.modrole_everyone");
  if (role.managed) throw new UserError("config.modrole_managed", { roleId: role.id });
  if (context.user.id === guild.ownerId) return;
  if (!isBelowHighestRole(context, role, context.member)) {
    throw new UserError("config.modrole_not_below", { roleId: role.id });
  }
}

function isBelowHighestRole(context: GuildCommandContext, role: ResolvedRole, member: GuildMember): boolean {
  const { guild } = context;
  const highest = member.roles.highest;
  const cached = guild.roles.cache.get(role.id);
  if (cached) return guild.roles.comparePositions(cached, highest) < 0;
  return role.position < highest.position;
}
