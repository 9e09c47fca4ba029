import { DiscordAPIError, RESTJSONErrorCodes, type Guild } from "discord.js";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { invalid } from "../../errors/validation-error";
import { UserError } from "../../errors/user-error";

const ID_OR_MENTION = /^(?:<@!?)?(\d{17,20})>?$/;

/**
 * `/unban` takes an id or mention (the user is no longer a member, so Discord's user picker can't find
 * them). Refuses before any case is recorded when the user is unknown or not banned.
 */
export async function resolveUnbanTarget(guild: Guild, input: string): Promise<ResolvedUser> {
  const id = ID_OR_MENTION.exec(input.trim())?.[1];
  if (!id) throw invalid("user", "validation.user_id");
  try {
    const ban = await guild.bans.fetch({ user: id, force: true });
    return { user: ban.user, member: null };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan) {
      throw new UserError("moderation.not_banned", { user: `<@${id}>` });
    }
    throw error;
  }
}
