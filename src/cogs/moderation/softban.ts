import type { Guild } from "discord.js";
import type { MessageId } from "../../i18n/resources";
import { isBanned } from "./discord-state";

/**
 * A softban's second step: its ban is lifted so the member may rejoin. The softban stands whatever happens
 * here (they are out and their messages are gone); a ban that may remain is said, never hidden.
 */
export async function liftSoftban(
  guild: Guild,
  userId: string,
  auditReason: string,
): Promise<MessageId | null> {
  try {
    await guild.members.unban(userId, auditReason);
    return null;
  } catch {
    // The answer may be lost although the ban was lifted (a timeout, or a retry finding no ban): ask.
    if ((await isBanned(guild, userId).catch(() => true)) === false) return null;
    return "moderation.softban_still_banned";
  }
}
