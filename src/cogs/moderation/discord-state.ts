import { RESTJSONErrorCodes, type Guild, type GuildMember } from "discord.js";
import { CaseType, type Case } from "../../entities";
import { isGone } from "./discord-failure";

/** The ban of the case's target, or null when Discord has none. Other errors propagate. */
async function banOf(guild: Guild, kase: Pick<Case, "targetId">): Promise<unknown> {
  try {
    return await guild.bans.fetch({ user: kase.targetId, force: true });
  } catch (error) {
    if (isGone(error, RESTJSONErrorCodes.UnknownBan)) return null;
    throw error;
  }
}

/** Whether the user is banned from the guild. Errors other than "no such ban" propagate. */
export async function isBanned(guild: Guild, userId: string): Promise<boolean> {
  return (await banOf(guild, { targetId: userId })) !== null;
}

/** The target's membership, or null when they are not in the guild. Other errors propagate. */
async function memberOf(guild: Guild, kase: Case): Promise<GuildMember | null> {
  try {
    return await guild.members.fetch({ user: kase.targetId, force: true });
  } catch (error) {
    if (isGone(error, RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.UnknownUser)) return null;
    throw error;
  }
}

/**
 * Whether Discord's state shows that the case's action happened. A refusal or failure to read that state
 * is thrown, never taken for an answer.
 */
export async function happened(guild: Guild, kase: Case, restrictedRoleId?: string): Promise<boolean> {
  switch (kase.type) {
    case CaseType.Ban:
      return (await banOf(guild, kase)) !== null;
    case CaseType.Unban:
      return (await banOf(guild, kase)) === null;
    case CaseType.Kick:
    case CaseType.Softban:
      return (await memberOf(guild, kase)) === null;
    case CaseType.Timeout:
    case CaseType.Untimeout: {
      const member = await memberOf(guild, kase);
      const timedOut = member?.isCommunicationDisabled() ?? false;
      return kase.type === CaseType.Timeout ? timedOut : member !== null && !timedOut;
    }
    case CaseType.Restrict:
    case CaseType.Unrestrict: {
      if (restrictedRoleId === undefined) throw new Error(`case ${kase.id}: its restricted role is unknown`);
      const member = await memberOf(guild, kase);
      const restricted = member?.roles.cache.has(restrictedRoleId) ?? false;
      return kase.type === CaseType.Restrict ? restricted : member !== null && !restricted;
    }
    default:
      return true;
  }
}
