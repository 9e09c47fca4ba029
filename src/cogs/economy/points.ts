import type { Translator } from "../../i18n/translator";

const numbers = new Map<string, Intl.NumberFormat>();

/** `1 point`, `12,345 points` in the reader's language; the amount stays exact however large. */
export function points(amount: bigint, t: Translator): string {
  let format = numbers.get(t.locale);
  if (!format) {
    format = new Intl.NumberFormat(t.locale);
    numbers.set(t.locale, format);
  }
  return t.t("economy.points", { count: Number(amount), amount: format.format(amount) });
}

/** A Discord timestamp each reader sees relative to now, in their own language (`in 23 hours`). */
export function relativeTime(at: Date): string {
  return `<t:${Math.ceil(at.getTime() / 1000)}:R>`;
}
