/**
 * Transitional: the report periods moved to src/cogs/stats/period.ts, their one owner. This keeps imports
 * written before the move working; new code imports from there (controllers take a `since` moment).
 */
export { isStatsPeriod, periodInterval, type StatsPeriod } from "../cogs/stats/period";
