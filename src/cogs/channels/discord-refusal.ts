import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import { UserError } from "../../errors/user-error";

/** A Discord refusal of a channel change, as the moderator is told it; anything else is rethrown. */
export function channelRefusal(error: unknown, permission: string, channelId: string): never {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.UnknownChannel) throw new UserError("channels.gone", { channelId });
    if (error.status === 403) throw new UserError("channels.refused", { permission, channelId });
  }
  throw error;
}

/** How a background restore failed: for good (a refusal, the channel gone) or for now. */
export function restoreFailure(error: unknown): "gone" | "refused" | "transient" {
  if (!(error instanceof DiscordAPIError)) return "transient";
  if (error.code === RESTJSONErrorCodes.UnknownChannel) return "gone";
  if (error.status === 403) return "refused";
  return error.status >= 500 || error.status === 429 ? "transient" : "refused";
}
