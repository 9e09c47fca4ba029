import type { UsageSummary } from "../../controllers/usage-controller";
import { isLocale, LANGUAGE_NAMES } from "../../i18n/locales";
import type { Translator } from "../../i18n/translator";
import { periodLabel, type StatsPeriod } from "./period";

/** Kept for reports that still import the English labels from here (see period.ts). */

const languageName = (locale: string): string => (isLocale(locale) ? LANGUAGE_NAMES[locale] : locale);

/** The `/stats` answer: short lines, users as mentions (never pinged), languages by their own names. */
export function usageReport(
  t: Translator,
  summary: UsageSummary,
  period: StatsPeriod,
  global: boolean,
): string {
  const { totals } = summary;
  const heading = t.t("stats.heading", {
    scope: global ? "global" : "guild",
    period: periodLabel(t, period),
  });
  if (totals.total === 0) return t.t("stats.nothing", { heading });
  const p95 = totals.p95LatencyMs;
  const lines = [
    t.t("stats.totals", {
      heading,
      total: totals.total,
      errors: totals.errors,
      errorRate: totals.errors / totals.total,
      refused: totals.refused,
      latency:
        p95 === null ? t.t("stats.latency_none") : t.t("stats.latency_ms", { ms: Math.round(p95 * 10) / 10 }),
    }),
  ];
  if (global) {
    lines.push(t.t("stats.split", { guilds: totals.inGuilds, direct: totals.inDirectMessages }));
  }
  const entries = (list: ReadonlyArray<{ name: string; uses: number }>): string =>
    list.map((entry) => `${entry.name} ${t.number(entry.uses)}`).join(", ");
  lines.push(
    t.t("stats.top_commands", {
      entries: entries(summary.topCommands.map(({ command, uses }) => ({ name: command, uses }))),
    }),
    t.t("stats.top_users", {
      entries: entries(summary.topUsers.map(({ userId, uses }) => ({ name: `<@${userId}>`, uses }))),
    }),
  );
  if (summary.topLocales.length > 0) {
    const languages = summary.topLocales.map(({ locale, uses }) => ({ name: languageName(locale), uses }));
    lines.push(t.t("stats.languages", { entries: entries(languages) }));
  }
  lines.push(
    t.t("stats.daily", { entries: entries(summary.daily.map(({ day, uses }) => ({ name: day, uses }))) }),
  );
  return lines.join("\n");
}
