import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import { CaseType } from "../../entities";

/**
 * What a background job does with a failed Discord call: a refusal that will not change by asking again
 * settles the item with its reason; anything else (5xx, 429, timeouts, network, the database) is retried
 * later with backoff.
 */
export type DiscordFailure = { kind: "refused"; reason: string } | { kind: "transient" };

/** The permission each action needs, by the name Discord's UI gives it. */
const PERMISSION_NAMES: Record<CaseType, string> = {
  [CaseType.Warn]: "Timeout Members",
  [CaseType.Note]: "Timeout Members",
  [CaseType.Timeout]: "Timeout Members",
  [CaseType.Untimeout]: "Timeout Members",
  [CaseType.Kick]: "Kick Members",
  [CaseType.Ban]: "Ban Members",
  [CaseType.Unban]: "Ban Members",
  [CaseType.Softban]: "Ban Members",
};

export function classifyFailure(error: unknown, type: CaseType): DiscordFailure {
  if (!(error instanceof DiscordAPIError)) return { kind: "transient" };
  switch (error.code) {
    case RESTJSONErrorCodes.MissingPermissions:
      return refused(`I no longer have ${PERMISSION_NAMES[type]}`);
    case RESTJSONErrorCodes.MissingAccess:
      return refused("I can no longer see that server");
    case RESTJSONErrorCodes.UnknownGuild:
      return refused("I'm no longer in that server");
    case RESTJSONErrorCodes.UnknownUser:
      return refused("Discord no longer knows that user");
  }
  if (error.status === 403) return refused(`I no longer have ${PERMISSION_NAMES[type]}`);
  // 401 is the bot's token, not this item: every item would fail alike, so nothing is settled for it.
  if ([401, 408, 429].includes(error.status) || error.status >= 500) return { kind: "transient" };
  return refused(`Discord refused: ${error.message}`);
}

function refused(reason: string): DiscordFailure {
  return { kind: "refused", reason };
}

/** Discord turned the request down as asked (bad request, token, permission): nothing was done. */
export function isRefusal(error: unknown): boolean {
  return error instanceof DiscordAPIError && [400, 401, 403].includes(error.status);
}

/** Whether Discord says the member or user is not there (so there is nothing to act on). */
export function isGone(error: unknown, ...codes: RESTJSONErrorCodes[]): boolean {
  return error instanceof DiscordAPIError && typeof error.code === "number" && codes.includes(error.code);
}

/** discord.js waits out rate limits and retries 5xx itself; a job bounds how long one item may take. */
export class DiscordCallTimeout extends Error {
  constructor(ms: number) {
    super(`the Discord call took longer than ${ms} ms`);
    this.name = "DiscordCallTimeout";
  }
}

export function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DiscordCallTimeout(ms)), ms);
  });
  call.catch(() => undefined); // if the deadline wins, the call's own failure is of no interest
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}
