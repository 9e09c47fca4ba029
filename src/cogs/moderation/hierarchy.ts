import type { Guild, GuildMember, User } from "discord.js";
import { UserError } from "../../errors/user-error";

export interface HierarchyCheck {
  guild: Guild;
  actor: GuildMember;
  target: User;
  /** The target's membership, when they are in the guild. */
  targetMember: GuildMember | null;
}

/**
 * Nobody acts on themselves, the bot, the owner, or a member whose highest role is not below both the
 * moderator's and the bot's. The refusal names the rule that applied.
 */
export function checkHierarchy({ guild, actor, target, targetMember }: HierarchyCheck): void {
  const bot = guild.members.me;
  if (target.id === actor.id) throw new UserError("moderation.hierarchy_self");
  if (bot && target.id === bot.id) throw new UserError("moderation.hierarchy_bot");
  if (target.id === guild.ownerId) throw new UserError("moderation.hierarchy_owner");
  if (!targetMember) return;
  const targetTop = targetMember.roles.highest.position;
  if (actor.id !== guild.ownerId && targetTop >= actor.roles.highest.position) {
    throw new UserError("moderation.hierarchy_above_you", { target: target.username });
  }
  if (bot && targetTop >= bot.roles.highest.position) {
    throw new UserError("moderation.hierarchy_above_me", { target: target.username });
  }
}
