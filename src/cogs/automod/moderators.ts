import { PermissionFlagsBits, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { withDeadline } from "../moderation/discord-failure";

/** Members with any of these are moderators, always exempt (as are the guild's moderator roles). */
const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ModerateMembers;
/**
 * The longest a fired rule waits for the guild's moderator roles when they are not cached: a slow or
 * unreachable database must not hold back the delete. Past it, the roles last read count.
 */
export const MODERATOR_ROLES_WAIT_MS = 1_000;

/**
 * Whether a message's author is a moderator, asked only once a rule fired. Permissions come from the
 * cached roles; the guild's moderator roles from its config (a cache hit costs nothing), within
 * MODERATOR_ROLES_WAIT_MS, else as last read (none if never read: then only permissions count).
 */
@injectable()
export class AutomodModerators {
  private readonly lastKnown = new Map<string, readonly string[]>();

  constructor(@inject(GuildConfigController) private readonly configs: GuildConfigController) {}

  async isModerator(guild: Guild, authorId: string, roleIds: readonly string[]): Promise<boolean> {
    if (guild.ownerId === authorId) return true;
    let permissions = guild.roles.everyone.permissions.bitfield;
    for (const roleId of roleIds) permissions |= guild.roles.cache.get(roleId)?.permissions.bitfield ?? 0n;
    if ((permissions & MODERATOR_PERMISSIONS) !== 0n) return true;
    const moderatorRoles = await this.moderatorRoles(guild.id);
    return moderatorRoles.some((roleId) => roleId !== guild.id && roleIds.includes(roleId));
  }

  private async moderatorRoles(guildId: string): Promise<readonly string[]> {
    try {
      const { moderatorRoleIds } = await withDeadline(this.configs.get(guildId), MODERATOR_ROLES_WAIT_MS);
      this.lastKnown.set(guildId, moderatorRoleIds);
      return moderatorRoleIds;
    } catch {
      return this.lastKnown.get(guildId) ?? [];
    }
  }
}
