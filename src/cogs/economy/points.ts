/** `1 point`, `12,345 points`. */
export function points(amount: bigint): string {
  return `${amount.toLocaleString("en-US")} ${amount === 1n ? "point" : "points"}`;
}

/** A Discord timestamp each reader sees relative to now (`in 23 hours`). */
export function relativeTime(at: Date): string {
  return `<t:${Math.ceil(at.getTime() / 1000)}:R>`;
}
