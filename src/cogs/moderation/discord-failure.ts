import { settleWithin } from "../../deadline";
import { DiscordCallTimeout } from "../../errors/job-errors";
import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import { CaseType } from "../../entities";
import type { MessageId } from "../../i18n/resources";
import type { Message } from "../../i18n/translator";

/**
 * What a background job does with a failed Discord call: a refusal that will not change by asking again
 * settles the item with its reason (written later, in the guild's language); anything else (5xx, 429,
 * timeouts, network, the database) is retried later with backoff.
 */
export type DiscordFailure = { kind: "refused"; reason: Message } | { kind: "transient" };

/** The permission each action needs (its message names it as Discord's UI does). */
const PERMISSIONS: Record<CaseType, "ModerateMembers" | "KickMembers" | "BanMembers" | "ManageRoles"> = {
  [CaseType.Warn]: "ModerateMembers",
  [CaseType.Note]: "ModerateMembers",
  [CaseType.Timeout]: "ModerateMembers",
  [CaseType.Untimeout]: "ModerateMembers",
  [CaseType.Kick]: "KickMembers",
  [CaseType.Ban]: "BanMembers",
  [CaseType.Unban]: "BanMembers",
  [CaseType.Softban]: "BanMembers",
  [CaseType.Restrict]: "ManageRoles",
  [CaseType.Unrestrict]: "ManageRoles",
};

export function classifyFailure(error: unknown, type: CaseType): DiscordFailure {
  if (!(error instanceof DiscordAPIError)) return { kind: "transient" };
  switch (error.code) {
    case RESTJSONErrorCodes.MissingPermissions:
      return refused("moderation.refused_permission", { permission: PERMISSIONS[type] });
    case RESTJSONErrorCodes.MissingAccess:
      return refused("moderation.refused_access");
    case RESTJSONErrorCodes.UnknownGuild:
      return refused("moderation.refused_not_in_guild");
    case RESTJSONErrorCodes.UnknownUser:
      return refused("moderation.refused_unknown_user");
  }
  if (error.status === 403)
    return refused("moderation.refused_permission", { permission: PERMISSIONS[type] });
  // 401 is the bot's token, not this item: every item would fail alike, so nothing is settled for it.
  if ([401, 408, 429].includes(error.status) || error.status >= 500) return { kind: "transient" };
  // Discord's own words (in English) are all there is to say what it refused.
  return refused("moderation.refused_other", { detail: error.message });
}

function refused(id: MessageId, values?: Message["values"]): DiscordFailure {
  return { kind: "refused", reason: values ? { id, values } : { id } };
}

/** Discord turned the request down as asked (bad request, token, permission): nothing was done. */
export function isRefusal(error: unknown): boolean {
  return error instanceof DiscordAPIError && [400, 401, 403].includes(error.status);
}

/** Whether Discord says the member or user is not there (so there is nothing to act on). */
export function isGone(error: unknown, ...codes: RESTJSONErrorCodes[]): boolean {
  return error instanceof DiscordAPIError && typeof error.code === "number" && codes.includes(error.code);
}

export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  return settleWithin(call, ms, () => new DiscordCallTimeout(ms));
}
