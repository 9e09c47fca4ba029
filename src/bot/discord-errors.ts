import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from "discord.js";
import { UserError } from "../errors/user-error";

const KNOWN: Partial<Record<number, string>> = {
  [RESTJSONErrorCodes.MissingPermissions]:
    "I don't have permission to do that here: check my role's permissions and that my role is above the member's highest role.",
  [RESTJSONErrorCodes.MissingAccess]: "I can't see or act in that channel.",
  [RESTJSONErrorCodes.UnknownMember]: "That member isn't in this server.",
  [RESTJSONErrorCodes.UnknownUser]: "I can't find that user.",
  [RESTJSONErrorCodes.UnknownBan]: "That user isn't banned.",
  [RESTJSONErrorCodes.UnknownMessage]: "That message no longer exists.",
  [RESTJSONErrorCodes.UnknownChannel]: "That channel no longer exists.",
  [RESTJSONErrorCodes.UnknownRole]: "That role no longer exists.",
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: "That user doesn't accept direct messages from me.",
};

/**
 * Discord refusing something is usually an expected failure (permissions, hierarchy, a member who left):
 * those become UserErrors with a plain explanation. Anything else is left for the incident path.
 */
export function translateDiscordError(error: unknown): unknown {
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === "number" ? KNOWN[error.code] : undefined;
    if (known) return new UserError("DiscordRefused", known, { code: error.code, status: error.status });
    if (error.status === 404) {
      return new UserError(
        "DiscordNotFound",
        "Discord couldn't find what that refers to; it may have just been deleted.",
        { code: error.code },
      );
    }
    if (error.status >= 500) return discordTrouble(error.status);
    return error;
  }
  if (error instanceof RateLimitError) {
    return new UserError(
      "DiscordRateLimited",
      `Discord is rate-limiting me; try again in ${Math.ceil(error.retryAfter / 1000)} s.`,
      { route: error.route },
    );
  }
  if (error instanceof HTTPError && error.status >= 500) return discordTrouble(error.status);
  if (isDiscordTimeout(error)) {
    return new UserError("DiscordTimeout", "Discord didn't answer in time; try again in a moment.");
  }
  return error;
}

/**
 * A request to Discord abandoned after DISCORD_REST_TIMEOUT_MS (discord.js's retries included), or a
 * job's own deadline. Told by name: the AbortError may come from another realm than this module's Error.
 */
export function isDiscordTimeout(error: unknown): boolean {
  const name = typeof error === "object" && error !== null && "name" in error ? error.name : undefined;
  return name === "AbortError" || name === "DiscordCallTimeout";
}

function discordTrouble(status: number): UserError {
  return new UserError("DiscordUnavailable", "Discord had a problem handling that; try again in a moment.", {
    status,
  });
}
