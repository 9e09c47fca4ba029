/** Small statistics helpers for benchmark samples (all pure, none mutate their input). */

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error("no samples");
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (0–100) by linear interpolation between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  const rank = (p / 100) * (ordered.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = ordered[low] ?? 0;
  const highValue = ordered[high] ?? lowValue;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function minimum(values: readonly number[]): number {
  return sorted(values)[0] ?? 0;
}

/** Rounds to `digits` significant digits, so the JSON lines stay readable. */
export function significant(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** "12.3 ms" style text for details. */
export function ms(value: number): string {
  return `${significant(value, 3)} ms`;
}
