import { PermissionFlagsBits, type Guild, type GuildMember } from "discord.js";
import type { ResolvedRole } from "../../bot/commands/arguments";
import type { CommandContext } from "../../bot/commands/registration";
import { LegacyUserError } from "../../errors/user-error";

/**
 * Who may change moderator roles: the guild owner or a member with Administrator. Manage Server alone is
 * not enough, since a moderator role lends the bot's Ban/Kick/Timeout permissions to its members.
 */
export function requireModeratorRoleManager(context: CommandContext, guild: Guild): void {
  if (context.user.id === guild.ownerId) return;
  if (context.interaction.memberPermissions?.has(PermissionFlagsBits.Administrator)) return;
  throw new LegacyUserError(
    "ModeratorRoleNeedsAdministrator",
    "Only the server owner or a member with the Administrator permission can change moderator roles.",
  );
}

/**
 * A moderator role must be one its adder could hand out with Manage Roles: not @everyone, not a role an
 * integration manages, and strictly below the adder's highest role (the owner is exempt from the last).
 */
export async function checkGrantableRole(
  context: CommandContext,
  guild: Guild,
  role: ResolvedRole,
): Promise<void> {
  if (role.id === guild.id) {
    throw new LegacyUserError(
      "EveryoneModeratorRole",
      "@everyone can't be a moderator role: every member would be a moderator.",
    );
  }
  if (role.managed) {
    throw new LegacyUserError(
      "ManagedModeratorRole",
      `<@&${role.id}> belongs to an integration (such as a bot), so it can't be a moderator role.`,
    );
  }
  if (context.user.id === guild.ownerId) return;
  const adder = context.member ?? (await guild.members.fetch(context.user.id));
  if (!isBelowHighestRole(guild, role, adder)) {
    throw new LegacyUserError(
      "ModeratorRoleNotBelowYours",
      `<@&${role.id}> isn't below your highest role, so you can't make it a moderator role.`,
      { roleId: role.id },
    );
  }
}

function isBelowHighestRole(guild: Guild, role: ResolvedRole, member: GuildMember): boolean {
  const highest = member.roles.highest;
  const cached = guild.roles.cache.get(role.id);
  if (cached) return guild.roles.comparePositions(cached, highest) < 0;
  return role.position < highest.position;
}
