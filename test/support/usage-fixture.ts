import { UsageController, type RecordedUsage, type UsageScope } from "../../src/controllers/usage-controller";
import { USAGE_OUTCOMES } from "../../src/entities/usage-event";
import { USAGE_WINDOW_HOURS } from "../../src/entities/usage-window";
import { rawUsageSummary } from "./raw-usage-summary";
import type { TestDatabase } from "./test-database";

export const HOUR_MS = 60 * 60 * 1000;
export const GUILDS = ["500000000000000001", "500000000000000002", "600000000000000003"];
/** Ids of different lengths, so a tie between them is broken by number, not by text. */
export const USERS = [
  "99999999999999999",
  "100000000000000000",
  "100000000000000001",
  "2000000000000000000",
  "300000000000000000",
];
const COMMANDS = ["/ping", "/about", "/case show", "/stats", "button:cases", "/warn"];
const LOCALES = ["en", "de", "es-ES"];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function usageEvents(count: number, seed: number, maxHoursAgo: number): RecordedUsage[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, () => ({
    guildId: next() < 0.15 ? null : pick(GUILDS),
    userId: pick(USERS),
    command: pick(COMMANDS),
    outcome: pick(USAGE_OUTCOMES),
    latencyMs: Math.floor(next() * 40) * 25,
    locale: pick(LOCALES),
    at: new Date(Date.now() - next() * maxHoursAgo * HOUR_MS),
  }));
}

/** Every scope /stats shows (each guild, and every guild for owners) over every period it offers. */
export function scopes(): UsageScope[] {
  const now = new Date();
  return [null, ...GUILDS].flatMap((guildId) =>
    [...USAGE_WINDOW_HOURS, null].map((hours) => ({ guildId, hours, now })),
  );
}

/** `/stats` from the roll-ups and windows equals counting the raw events, for every scope and period. */
export async function expectSameAsRawUsage(t: TestDatabase): Promise<void> {
  const usage = t.get(UsageController);
  for (const scope of scopes()) {
    const expected = await rawUsageSummary(t.db, scope);
    expect({ scope, summary: await usage.summary(scope) }).toEqual({ scope, summary: expected });
  }
}
