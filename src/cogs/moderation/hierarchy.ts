import type { Guild, GuildMember, User } from "discord.js";
import { LegacyUserError, UserError } from "../../errors/user-error";

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
  if (target.id === actor.id) throw refuse("Self", "You can't use that on yourself.");
  if (bot && target.id === bot.id) throw refuse("Bot", "I won't use that on myself.");
  if (target.id === guild.ownerId) throw refuse("Owner", "The server owner can't be moderated.");
  if (!targetMember) return;
  const targetTop = targetMember.roles.highest.position;
  if (actor.id !== guild.ownerId && targetTop >= actor.roles.highest.position) {
    throw refuse("AboveActor", `${target.username}'s highest role is not below yours.`);
  }
  if (bot && targetTop >= bot.roles.highest.position) {
    throw refuse(
      "AboveBot",
      `${target.username}'s highest role is not below mine: move my role above theirs in Server Settings → Roles.`,
    );
  }
}

function refuse(rule: string, message: string): UserError {
  return new LegacyUserError(`Hierarchy${rule}`, message, { rule });
}
