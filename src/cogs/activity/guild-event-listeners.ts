import { AuditLogEvent, Events, type GuildAuditLogsEntry } from "discord.js";
import { listener, type ListenerRegistration } from "../../bot/cog";
import type { GuildEventController } from "../../controllers/guild-event-controller";

/** Joins, leaves, bans and role changes, written to the guild's event log as they happen (they are rare). */
export function guildEventListeners(events: GuildEventController): ListenerRegistration[] {
  return [
    listener(Events.GuildMemberAdd, (member) =>
      events.record(member.guild.id, "member_join", member.id, {
        username: member.user.username,
        accountCreatedAt: member.user.createdAt.toISOString(),
      }),
    ),
    listener(Events.GuildMemberRemove, (member) =>
      events.record(member.guild.id, "member_leave", member.id, { username: member.user.username }),
    ),
    listener(Events.GuildBanAdd, (ban) =>
      // GUILD_BAN_ADD carries no reason; the audit log (and Warden's own cases) hold it.
      events.record(ban.guild.id, "ban", ban.user.id, { username: ban.user.username }),
    ),
    listener(Events.GuildBanRemove, (ban) =>
      events.record(ban.guild.id, "unban", ban.user.id, { username: ban.user.username }),
    ),
    listener(Events.GuildAuditLogEntryCreate, async (entry, guild) => {
      const change = roleChange(entry);
      if (change) await events.record(guild.id, "roles_changed", entry.targetId, change);
    }),
  ];
}

/**
 * Roles added and removed, and by whom, from a MEMBER_ROLE_UPDATE audit entry: unlike GUILD_MEMBER_UPDATE
 * it needs no cached member (the cache keeps few), and names the moderator. Discord sends these entries
 * only to bots with View Audit Log.
 */
function roleChange(entry: GuildAuditLogsEntry): Record<string, unknown> | undefined {
  if (entry.action !== AuditLogEvent.MemberRoleUpdate) return undefined;
  const added: string[] = [];
  const removed: string[] = [];
  for (const change of entry.changes) {
    if (change.key === "$add") added.push(...(change.new ?? []).map((role) => role.id));
    if (change.key === "$remove") removed.push(...(change.new ?? []).map((role) => role.id));
  }
  if (added.length + removed.length === 0) return undefined;
  return entry.executorId ? { added, removed, by: entry.executorId } : { added, removed };
}
