import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from "discord.js";
import { UserError } from "../errors/user-error";
import type { MessageId } from "../i18n/resources";

const KNOWN: Partial<Record<number, MessageId>> = {
  [RESTJSONErrorCodes.MissingPermissions]: "discord.missing_permissions",
  [RESTJSONErrorCodes.MissingAccess]: "discord.missing_access",
  [RESTJSONErrorCodes.UnknownMember]: "discord.unknown_member",
  [RESTJSONErrorCodes.UnknownUser]: "discord.unknown_user",
  [RESTJSONErrorCodes.UnknownBan]: "discord.unknown_ban",
  [RESTJSONErrorCodes.UnknownMessage]: "discord.unknown_message",
  [RESTJSONErrorCodes.UnknownChannel]: "discord.unknown_channel",
  [RESTJSONErrorCodes.UnknownRole]: "discord.unknown_role",
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: "discord.cannot_dm",
};

/**
 * Discord refusing something is usually an expected failure (permissions, hierarchy, a member who left):
 * those become UserErrors with a plain explanation. Anything else is left for the incident path.
 */
export function translateDiscordError(error: unknown): unknown {
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === "number" ? KNOWN[error.code] : undefined;
    if (known) return new UserError(known, { code: Number(error.code), status: error.status });
    if (error.status === 404) return new UserError("discord.not_found", { code: Number(error.code) });
    if (error.status >= 500) return discordTrouble(error.status);
    return error;
  }
  if (error instanceof RateLimitError) {
    return new UserError("discord.rate_limited", {
      seconds: Math.ceil(error.retryAfter / 1000),
      route: error.route,
    });
  }
  if (error instanceof HTTPError && error.status >= 500) return discordTrouble(error.status);
  if (isDiscordTimeout(error)) {
    return new UserError("discord.timeout");
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
  return new UserError("discord.unavailable", { status });
}
