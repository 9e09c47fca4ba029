import type { FaultRule } from "../../../simulator";
import { REST_TIMEOUT_MS } from "./fault-world";

/** One request the bot makes at a step, and what Discord's refusals mean on that route. */
export interface DiscordRoute {
  method: string;
  path: string;
  /** Discord's code for a 404 here (10007 Unknown Member, 10026 Unknown Ban, 10003 Unknown Channel, …). */
  notFound: number;
  /** Discord's code for a 403 here; default 50013 Missing Permissions. */
  forbidden?: number;
  /**
   * Makes the world agree with a 404 before Discord answers it (a ban lifted by hand meanwhile), where the
   * job must believe it; without it a 404 is Discord's word alone.
   */
  gone?: () => void;
}

/** How Discord fails: refuses (403, 404), limits (429, once, then lets it through), breaks (500), or hangs. */
export const DISCORD_FAULTS = {
  "403": (route: DiscordRoute): FaultRule => ({
    method: route.method,
    path: route.path,
    status: 403,
    code: route.forbidden ?? 50013,
  }),
  "404": (route: DiscordRoute): FaultRule => ({
    method: route.method,
    path: route.path,
    status: 404,
    code: route.notFound,
    ...(route.gone ? { hold: () => Promise.resolve(route.gone?.()) } : {}),
  }),
  // A rate limit passes: discord.js waits out Retry-After and asks again (it never gives up on a 429).
  "429": (route: DiscordRoute): FaultRule => ({
    method: route.method,
    path: route.path,
    status: 429,
    retryAfterSeconds: 1,
    times: 1,
  }),
  "500": (route: DiscordRoute): FaultRule => ({ method: route.method, path: route.path, status: 500 }),
  // The worst timeout: Discord carries the request out on arrival, but its answer never comes in time
  // (every one of discord.js's retries too).
  timeout: (route: DiscordRoute): FaultRule => ({
    method: route.method,
    path: route.path,
    latencyMs: REST_TIMEOUT_MS * 2,
  }),
} as const;

export type DiscordFaultName = keyof typeof DISCORD_FAULTS;
export const DISCORD_FAULT_NAMES = Object.keys(DISCORD_FAULTS) as DiscordFaultName[];

/** Codes of the routes the rows use. */
export const CODES = {
  unknownChannel: 10003,
  unknownGuild: 10004,
  unknownMember: 10007,
  unknownMessage: 10008,
  unknownUser: 10013,
  unknownBan: 10026,
  missingAccess: 50001,
  cannotMessageUser: 50007,
} as const;
