/** The periods `/stats` and `/invites top` offer, as PostgreSQL intervals (null: since the beginning). */
export const STATS_PERIODS = {
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
  all: null,
} as const;

export type StatsPeriod = keyof typeof STATS_PERIODS;

export function isStatsPeriod(value: string): value is StatsPeriod {
  return Object.hasOwn(STATS_PERIODS, value);
}

export function periodInterval(period: StatsPeriod): string | null {
  return STATS_PERIODS[period];
}
