import { DiscordAPIError, Routes, type Client } from "discord.js";
import type { APIGuild, APIGuildMember } from "discord-api-types/v10";
import { Permission } from "../../bot/discord-enums";
import { holdsModeratorRole, passesModeratorCheck } from "../../bot/moderator-check";
import { CaseCommand } from "../../cogs/cases/definitions";
import type { DashboardSessionController } from "../../controllers/dashboard-session-controller";
import type { GuildConfigController } from "../../controllers/guild-config-controller";

/** What `/case` asks for: the dashboard lets in whoever `/case` lets in. */
const REQUIRED = BigInt(CaseCommand.default_member_permissions);
const ALL = Object.values(Permission).reduce((all, bit) => all | bit, 0n);

export interface GuildAccess {
  guildId: string;
  guildName: string;
  /** The owner or Administrator: who may change the settings (as `/config modrole` asks). */
  administrator: boolean;
  /** The viewer's guild-level permissions and moderator-role standing, for a page asking more than `/case` does. */
  granted: bigint;
  moderatorRole: boolean;
}

/** Whether the viewer passes the moderator check of a command asking `required` (e.g. `/unban`'s Ban Members). */
export function allows(access: GuildAccess, required: bigint): boolean {
  const { guildId, granted } = access;
  const facts = { guildId, granted, roleIds: [], moderatorRoleIds: [], required };
  return access.moderatorRole || passesModeratorCheck(facts);
}

interface GuildFacts {
  name: string;
  ownerId: string;
  rolePermissions: ReadonlyMap<string, bigint>;
}

/** The member is timed out now (`communication_disabled_until` in the future). */
function isTimedOut(member: APIGuildMember): boolean {
  const until = member.communication_disabled_until;
  return typeof until === "string" && Date.parse(until) > Date.now();
}

/** Discord says there is no such member, guild or access: a refusal, not a failure. */
function isRefusal(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 404 || error.status === 403);
}

/**
 * Whether someone is a moderator of a guild *now*: asked on every request, with the member read from
 * Discord each time (the member cache holds almost nobody, and a cached member could be a demotion late),
 * and the same check as the moderator commands (Moderate Members, Administrator, or a moderator role).
 */
export class ModeratorAccess {
  constructor(
    private readonly client: () => Client,
    private readonly configs: GuildConfigController,
    private readonly sessions: DashboardSessionController,
  ) {}

  /**
   * The guild, when `userId` may moderate it; null when not (not a member, not a moderator, no such guild).
   * A guild Discord says they are not in (or Warden is not in) leaves their sessions' list, so their next
   * request for it is refused without asking Discord again: each such answer counts towards Discord's
   * invalid-request limit, which blocks the bot for everyone once reached.
   */
  async check(guildId: string, userId: string): Promise<GuildAccess | null> {
    let guild: GuildFacts | null;
    let member: APIGuildMember;
    try {
      [guild, member] = await Promise.all([
        this.guild(guildId),
        this.client().rest.get(Routes.guildMember(guildId, userId)) as Promise<APIGuildMember>,
      ]);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      await this.sessions.forgetGuild(userId, guildId);
      return null;
    }
    if (!guild) return null;
    const granted = this.permissions(guild, guildId, userId, member.roles);
    const { moderatorRoleIds } = await this.configs.get(guildId);
    const facts = { guildId, granted, roleIds: member.roles, moderatorRoleIds, required: REQUIRED };
    const administrator = (granted & Permission.Administrator) !== 0n;
    // Discord leaves a timed-out member (never the owner or an Administrator) only View Channel and Read
    // Message History: no command, no button, so no dashboard either until the timeout ends.
    if (!administrator && isTimedOut(member)) return null;
    const moderatorRole = holdsModeratorRole(guildId, member.roles, moderatorRoleIds);
    return passesModeratorCheck(facts)
      ? { guildId, guildName: guild.name, administrator, granted, moderatorRole }
      : null;
  }

  /** From this process's cache when the guild is on one of its shards, else from Discord. */
  private async guild(guildId: string): Promise<GuildFacts | null> {
    const cached = this.client().guilds.cache.get(guildId);
    if (cached) {
      const rolePermissions = new Map(cached.roles.cache.map((role) => [role.id, role.permissions.bitfield]));
      return { name: cached.name, ownerId: cached.ownerId, rolePermissions };
    }
    const fetched = (await this.client().rest.get(Routes.guild(guildId))) as APIGuild;
    const rolePermissions = new Map(fetched.roles.map((role) => [role.id, BigInt(role.permissions)]));
    return { name: fetched.name, ownerId: fetched.owner_id, rolePermissions };
  }

  /** Discord's guild-level permissions: the owner has all, Administrator grants all, else @everyone and roles. */
  private permissions(
    guild: GuildFacts,
    guildId: string,
    userId: string,
    roleIds: readonly string[],
  ): bigint {
    if (guild.ownerId === userId) return ALL;
    let granted = guild.rolePermissions.get(guildId) ?? 0n;
    for (const roleId of roleIds) granted |= guild.rolePermissions.get(roleId) ?? 0n;
    return (granted & Permission.Administrator) !== 0n ? ALL : granted;
  }
}
