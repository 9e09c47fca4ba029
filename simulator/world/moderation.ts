import {
  AuditLogEvent,
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIAuditLogChange,
} from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { requireAbove, requireManageableRole, requirePermission } from "./access";
import type { SimGuild } from "./guild";
import { userToApi } from "./serialize";
import type { World } from "./world";

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

export interface MemberChanges {
  nick?: string | null;
  roles?: string[];
  communicationDisabledUntil?: string | null;
}

/** Bans, kicks, timeouts and role changes with Discord's permission checks and audit entries. */
export class Moderation {
  constructor(private readonly world: World) {}

  ban(
    guild: SimGuild,
    actorId: string,
    userId: string,
    reason: string | null,
    deleteMessageSeconds: number,
  ): void {
    requirePermission(guild, actorId, PermissionFlagsBits.BanMembers);
    const user = this.world.users.get(userId);
    if (!user) throw apiErrors.unknownUser();
    if (guild.members.has(userId) || userId === guild.ownerId) requireAbove(guild, actorId, userId);
    guild.bans.set(userId, { userId, reason });
    guild.recordAudit({ actionType: AuditLogEvent.MemberBanAdd, userId: actorId, targetId: userId, reason });
    guild.removeMember(userId);
    this.world.events.dispatch(
      GatewayDispatchEvents.GuildBanAdd,
      { guild_id: guild.id, user: userToApi(user) },
      guild.id,
    );
    if (deleteMessageSeconds > 0) this.deleteRecentMessages(guild, userId, deleteMessageSeconds);
  }

  unban(guild: SimGuild, actorId: string, userId: string, reason: string | null): void {
    requirePermission(guild, actorId, PermissionFlagsBits.BanMembers);
    if (!guild.bans.delete(userId)) throw apiErrors.unknownBan();
    guild.recordAudit({
      actionType: AuditLogEvent.MemberBanRemove,
      userId: actorId,
      targetId: userId,
      reason,
    });
    const user = userToApi(this.world.user(userId));
    this.world.events.dispatch(GatewayDispatchEvents.GuildBanRemove, { guild_id: guild.id, user }, guild.id);
  }

  kick(guild: SimGuild, actorId: string, userId: string, reason: string | null): void {
    requirePermission(guild, actorId, PermissionFlagsBits.KickMembers);
    if (!guild.members.has(userId)) throw apiErrors.unknownMember();
    requireAbove(guild, actorId, userId);
    guild.recordAudit({ actionType: AuditLogEvent.MemberKick, userId: actorId, targetId: userId, reason });
    guild.removeMember(userId);
  }

  updateMember(
    guild: SimGuild,
    actorId: string,
    userId: string,
    changes: MemberChanges,
    reason: string | null,
  ): void {
    const member = guild.members.get(userId);
    if (!member) throw apiErrors.unknownMember();
    // Discord ignores @everyone in a member's role list (discord.js's roles.add sends it along).
    if (changes.roles) changes = { ...changes, roles: changes.roles.filter((roleId) => roleId !== guild.id) };
    const updates: APIAuditLogChange[] = [];
    if (changes.communicationDisabledUntil !== undefined) {
      this.checkTimeout(guild, actorId, userId, changes.communicationDisabledUntil);
      updates.push(
        change(
          "communication_disabled_until",
          member.communicationDisabledUntil,
          changes.communicationDisabledUntil,
        ),
      );
    }
    if (changes.nick !== undefined) {
      requirePermission(guild, actorId, PermissionFlagsBits.ManageNicknames);
      if (actorId !== userId) requireAbove(guild, actorId, userId);
      updates.push(change("nick", member.nick, changes.nick));
    }
    const added = (changes.roles ?? member.roles).filter((roleId) => !member.roles.includes(roleId));
    const removed = changes.roles ? member.roles.filter((roleId) => !changes.roles?.includes(roleId)) : [];
    for (const roleId of [...added, ...removed]) requireManageableRole(guild, actorId, roleId);
    guild.updateMember(userId, (target) => {
      if (changes.communicationDisabledUntil !== undefined)
        target.communicationDisabledUntil = changes.communicationDisabledUntil;
      if (changes.nick !== undefined) target.nick = changes.nick;
      if (changes.roles) target.roles = [...new Set(changes.roles)];
    });
    if (updates.length > 0) {
      guild.recordAudit({
        actionType: AuditLogEvent.MemberUpdate,
        userId: actorId,
        targetId: userId,
        reason,
        changes: updates,
      });
    }
    if (added.length + removed.length > 0) this.auditRoles(guild, actorId, userId, added, removed, reason);
  }

  setRole(
    guild: SimGuild,
    actorId: string,
    userId: string,
    roleId: string,
    present: boolean,
    reason: string | null,
  ): void {
    const member = guild.members.get(userId);
    if (!member) throw apiErrors.unknownMember();
    requireManageableRole(guild, actorId, roleId);
    if (member.roles.includes(roleId) === present) return;
    guild.updateMember(userId, (target) => {
      target.roles = present ? [...target.roles, roleId] : target.roles.filter((id) => id !== roleId);
    });
    this.auditRoles(guild, actorId, userId, present ? [roleId] : [], present ? [] : [roleId], reason);
  }

  private checkTimeout(guild: SimGuild, actorId: string, userId: string, until: string | null): void {
    requirePermission(guild, actorId, PermissionFlagsBits.ModerateMembers);
    requireAbove(guild, actorId, userId);
    if ((guild.permissionsOf(userId) & PermissionFlagsBits.Administrator) !== 0n)
      throw apiErrors.missingPermissions();
    if (until === null) return;
    const untilMs = Date.parse(until);
    if (Number.isNaN(untilMs))
      throw apiErrors.invalidForm("communication_disabled_until", "Could not parse the timestamp.");
    if (untilMs - this.world.clock() > MAX_TIMEOUT_MS) {
      throw apiErrors.invalidForm(
        "communication_disabled_until",
        "Timeouts can be at most 28 days in the future.",
      );
    }
  }

  private auditRoles(
    guild: SimGuild,
    actorId: string,
    userId: string,
    added: string[],
    removed: string[],
    reason: string | null,
  ): void {
    const named = (ids: string[]) => ids.map((id) => ({ id, name: guild.roles.get(id)?.name ?? "" }));
    const changes: APIAuditLogChange[] = [];
    if (added.length > 0) changes.push({ key: "$add", new_value: named(added) });
    if (removed.length > 0) changes.push({ key: "$remove", new_value: named(removed) });
    guild.recordAudit({
      actionType: AuditLogEvent.MemberRoleUpdate,
      userId: actorId,
      targetId: userId,
      reason,
      changes,
    });
  }

  private deleteRecentMessages(guild: SimGuild, userId: string, seconds: number): void {
    const cutoff = new Date(this.world.clock() - seconds * 1000).toISOString();
    for (const channel of guild.channels.values()) {
      const ids = channel.messages
        .filter((m) => m.authorId === userId && m.createdAt >= cutoff)
        .map((m) => m.id);
      if (ids.length > 0) this.world.messages.deleteMany({ kind: "guild", guild, channel }, ids);
    }
  }
}

function change(
  key: "nick" | "communication_disabled_until",
  oldValue: string | null,
  newValue: string | null,
): APIAuditLogChange {
  const entry: { key: typeof key; old_value?: string; new_value?: string } = { key };
  if (oldValue !== null) entry.old_value = oldValue;
  if (newValue !== null) entry.new_value = newValue;
  return entry;
}
