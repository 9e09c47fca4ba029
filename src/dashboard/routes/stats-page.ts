import type { CaseType } from "../../entities";
import type { WeeklyCaseCount } from "../../controllers/case-statistics";
import type { InviteRanking } from "../../controllers/member-join-controller";
import type { UsageDay } from "../../controllers/usage-controller";
import { caseTypeName } from "../../cogs/cases/case-types";
import type { Translator } from "../../i18n/translator";

const DAY_MS = 86_400_000;
export const STATS_WEEKS = 12;
export const STATS_DAYS = 30;

/** One cell: the number the chart draws (absent: no data) and the text the table shows. */
interface Cell {
  value: number | null;
  text: string;
}

/** A table the page shows and the chart script draws: series in columns, one row per label. */
export interface ChartTable {
  id: string;
  kind: "bar" | "line";
  stacked: boolean;
  title: string;
  chartLabel: string;
  labelHeading: string;
  columns: string[];
  rows: Array<{ label: string; cells: Cell[] }>;
  none: string | null;
}

/** The periods the page covers, in UTC: the last STATS_WEEKS weeks (from a Monday) and STATS_DAYS days. */
export function statsPeriods(now: Date): { weeksFrom: Date; daysFrom: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return {
    weeksFrom: new Date(monday - (STATS_WEEKS - 1) * 7 * DAY_MS),
    daysFrom: new Date(today - (STATS_DAYS - 1) * DAY_MS),
  };
}

function dayLabels(from: Date, count: number, step: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    new Date(from.getTime() + index * step * DAY_MS).toISOString().slice(0, 10),
  );
}

function table(t: Translator, fields: Omit<ChartTable, "chartLabel" | "none">): ChartTable {
  const empty = fields.rows.length === 0 || fields.columns.length === 0;
  return {
    ...fields,
    chartLabel: t.t("dashboard.stats_chart_of", { title: fields.title }),
    none: empty ? t.t("dashboard.stats_none") : null,
  };
}

const count = (t: Translator, value: number): Cell => ({ value, text: t.number(value) });

/** Every week of the period, a column per case type that occurs in it. */
export function weeklyCasesTable(t: Translator, from: Date, counts: readonly WeeklyCaseCount[]): ChartTable {
  const types = [...new Set(counts.map((entry) => entry.type))].sort() as CaseType[];
  const byKey = new Map(counts.map((entry) => [`${entry.week} ${entry.type}`, entry.cases]));
  return table(t, {
    id: "cases-weekly",
    kind: "bar",
    stacked: true,
    title: t.t("dashboard.stats_cases_weekly"),
    labelHeading: t.t("dashboard.stats_col_week"),
    columns: types.map((type) => caseTypeName(t, type)),
    rows: dayLabels(from, STATS_WEEKS, 7).map((week) => ({
      label: week,
      cells: types.map((type) => count(t, byKey.get(`${week} ${type}`) ?? 0)),
    })),
  });
}

/** Commands and errors per day, and the error rate and p95 latency of each day with use. */
export function usageTables(t: Translator, from: Date, days: readonly UsageDay[]): ChartTable[] {
  const byDay = new Map(days.map((entry) => [entry.day, entry]));
  const labels = dayLabels(from, STATS_DAYS, 1);
  const anyUse = days.some((entry) => entry.uses > 0);
  const commands = table(t, {
    id: "commands-daily",
    kind: "bar",
    stacked: false,
    title: t.t("dashboard.stats_commands_daily"),
    labelHeading: t.t("dashboard.stats_col_day"),
    columns: [t.t("dashboard.stats_col_commands"), t.t("dashboard.stats_col_errors")],
    rows: anyUse
      ? labels.map((day) => ({
          label: day,
          cells: [count(t, byDay.get(day)?.uses ?? 0), count(t, byDay.get(day)?.errors ?? 0)],
        }))
      : [],
  });
  const none: Cell = { value: null, text: "–" };
  const health = table(t, {
    id: "health-daily",
    kind: "line",
    stacked: false,
    title: t.t("dashboard.stats_health_daily"),
    labelHeading: t.t("dashboard.stats_col_day"),
    columns: [t.t("dashboard.stats_col_error_rate"), t.t("dashboard.stats_col_p95")],
    rows: anyUse
      ? labels.map((day) => {
          const entry = byDay.get(day);
          if (!entry || entry.uses === 0) return { label: day, cells: [none, none] };
          const rate = Math.round((entry.errors / entry.uses) * 1000) / 10;
          const p95 = entry.p95LatencyMs === null ? null : Math.round(entry.p95LatencyMs);
          return { label: day, cells: [count(t, rate), p95 === null ? none : count(t, p95)] };
        })
      : [],
  });
  return [commands, health];
}

/** The top invites of the period and the joins through each. */
export function invitesTable(t: Translator, ranking: InviteRanking): ChartTable {
  return table(t, {
    id: "invites",
    kind: "bar",
    stacked: false,
    title: t.t("dashboard.stats_invites"),
    labelHeading: t.t("dashboard.stats_col_invite"),
    columns: [t.t("dashboard.stats_col_joins")],
    rows: ranking.topInvites.map((entry) => ({
      label: entry.inviterId ? `${entry.code} (${entry.inviterId})` : entry.code,
      cells: [count(t, entry.joins)],
    })),
  });
}
