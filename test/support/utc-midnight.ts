const DAY_MS = 86_400_000;

/**
 * Waits until the next UTC midnight is more than `marginMs` away. Tests that compute "today" and "this
 * week" in UTC beside a server that computes them itself call it first, so the two cannot fall on either
 * side of a midnight (the wait is at most `marginMs`, and only in the minutes before one).
 */
export async function clearOfUtcMidnight(marginMs: number): Promise<void> {
  const untilMidnight = DAY_MS - (Date.now() % DAY_MS);
  if (untilMidnight > marginMs) return;
  await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1_000));
}
