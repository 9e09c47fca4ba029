import { Events, type GuildMember, type PartialGuildMember } from "discord.js";
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
    listener(Events.GuildMemberUpdate, async (before, after) => {
      const change = roleChange(before, after);
      if (change) await events.record(after.guild.id, "roles_changed", after.id, change);
    }),
  ];
}

/** Roles added and removed; undefined when none changed or the old roles are unknown (uncached). */
function roleChange(
  before: GuildMember | PartialGuildMember,
  after: GuildMember,
): { added: string[]; removed: string[] } | undefined {
  if (before.partial) return undefined;
  const old = new Set(before.roles.cache.keys());
  const now = new Set(after.roles.cache.keys());
  const added = [...now].filter((id) => !old.has(id));
  const removed = [...old].filter((id) => !now.has(id));
  return added.length + removed.length > 0 ? { added, removed } : undefined;
}
