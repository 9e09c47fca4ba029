import { ApplicationCommandOptionType as Option } from "discord.js";
import type { CommandOptionDefinition } from "../../bot/commands/definition";
import type { UsageWindowHours } from "../../entities/usage-window";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";

/**
 * The periods a report covers (`/stats`, `/invites top`, `/activity top`): everything about them lives
 * here — their option, their names in each language, their length, and the default.
 */
const PERIODS = {
  "24h": { hours: 24, label: "stats.period_24h" },
  "7d": { hours: 168, label: "stats.period_7d" },
  "30d": { hours: 720, label: "stats.period_30d" },
  all: { hours: null, label: "stats.period_all" },
} as const satisfies Record<string, { hours: UsageWindowHours | null; label: MessageId }>;

export type StatsPeriod = keyof typeof PERIODS;

export const DEFAULT_STATS_PERIOD: StatsPeriod = "7d";

const HOUR_MS = 60 * 60 * 1000;

/** The option every report offers; Discord only sends its choices. */
export const PERIOD_OPTION = {
  type: Option.String,
  name: "period",
  description: "How far back (7 days, if left out)",
  choices: [
    { name: "last 24 hours", value: "24h" },
    { name: "last 7 days", value: "7d" },
    { name: "last 30 days", value: "30d" },
    { name: "all time", value: "all" },
  ],
} as const satisfies CommandOptionDefinition;

export function isStatsPeriod(value: string): value is StatsPeriod {
  return Object.hasOwn(PERIODS, value);
}

/** The period a member asked for, else the default. */
export function statsPeriod(requested: string | undefined): StatsPeriod {
  return requested !== undefined && isStatsPeriod(requested) ? requested : DEFAULT_STATS_PERIOD;
}

/** When the period began (null: since the beginning), for controllers that count from a moment. */
export function periodStart(period: StatsPeriod, now: Date = new Date()): Date | null {
  const { hours } = PERIODS[period];
  return hours === null ? null : new Date(now.getTime() - hours * HOUR_MS);
}

/** The period's length in hours (null: since the beginning): `/stats` keeps a window of each. */
export function periodHours(period: StatsPeriod): UsageWindowHours | null {
  return PERIODS[period].hours;
}

/** The period as a PostgreSQL interval (null: since the beginning). */
export function periodInterval(period: StatsPeriod): string | null {
  const { hours } = PERIODS[period];
  return hours === null ? null : `${hours} hours`;
}

/** "last 7 days", in the reader's language. */
export function periodLabel(t: Translator, period: StatsPeriod): string {
  return t.t(PERIODS[period].label);
}
