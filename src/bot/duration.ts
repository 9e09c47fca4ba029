import { invalid } from "../errors/validation-error";

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const PART = /(\d+)\s*(w|d|h|m|s)/gy;

/** Discord's longest timeout. */
export const MAX_TIMEOUT_MS = 28 * UNIT_MS.d;

/**
 * Parses durations such as `10m`, `1h30m`, `7d` or `2w 3d` into milliseconds. Each unit may appear once,
 * largest first. `max` bounds the result; the error names the option and the rule it broke.
 */
export function parseDuration(input: string, option: string, max = Number.POSITIVE_INFINITY): number {
  const text = input.trim().toLowerCase();
  let total = 0;
  let lastUnit = Number.POSITIVE_INFINITY;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let match = PART.exec(text); match; match = PART.exec(text)) {
    const unit = UNIT_MS[match[2] as keyof typeof UNIT_MS];
    if (unit >= lastUnit) throw invalid(option, "validation.duration_order");
    lastUnit = unit;
    total += Number(match[1]) * unit;
    consumed = PART.lastIndex;
    while (text[PART.lastIndex] === " ") PART.lastIndex += 1;
  }
  if (text.length === 0 || consumed !== text.trimEnd().length) {
    throw invalid(option, "validation.duration_format");
  }
  if (total <= 0) throw invalid(option, "validation.duration_zero");
  if (total > max) throw invalid(option, "validation.duration_too_long", { max: formatDuration(max) });
  return total;
}

/** The inverse, for replies: 5400000 → "1h 30m". */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000) * 1000;
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(" ") || "0s";
}

/** The option parser for a duration (HandlerPolicy.parse): the handler gets milliseconds, at most `max`. */
export function durationOption(max = Number.POSITIVE_INFINITY): (text: string, option: string) => number {
  return (text, option) => parseDuration(text, option, max);
}
