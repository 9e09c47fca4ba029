import type { Locale } from "../../i18n/locales";

const UNITS = [
  ["week", 604_800_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
] as const;

/** How long Warden has run, in the language's narrow units: "2d 3h 5m" in English, "2 T 3h 5 Min." in German. */
export function uptimeText(locale: Locale, ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(ms / 1000) * 1000);
  for (const [unit, size] of UNITS) {
    if (rest >= size || (unit === "second" && parts.length === 0)) {
      const format = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "narrow" });
      parts.push(format.format(Math.floor(rest / size)));
      rest %= size;
    }
  }
  return parts.join(" ");
}
