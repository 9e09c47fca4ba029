/**
 * The roll-ups count latencies to two significant digits (exact below 100 ms, then 100, 110, …, 990,
 * 1000, 1100, …): a scope has at most a few hundred latency rows however many events it has, so the p95
 * costs the same after ten million events, and is off by less than one step (10 % at worst, at 100 ms).
 * `ms` is an SQL expression of a non-negative integer number of milliseconds.
 */
export function latencyBucket(ms: string): string {
  return `(CASE WHEN ${ms} < 100 THEN ${ms} WHEN ${ms} < 1000 THEN ${ms} - ${ms} % 10
    WHEN ${ms} < 10000 THEN ${ms} - ${ms} % 100 WHEN ${ms} < 100000 THEN ${ms} - ${ms} % 1000
    ELSE ${ms} - ${ms} % 10000 END)`;
}
