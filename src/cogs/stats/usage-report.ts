import type { StatsPeriod } from "../../controllers/stats-period";
import type { UsageSummary } from "../../controllers/usage-controller";

export const PERIOD_LABELS: Record<StatsPeriod, string> = {
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
  all: "all time",
};

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The `/stats` answer: short lines, users as mentions (never pinged). */
export function usageReport(summary: UsageSummary, period: StatsPeriod, global: boolean): string {
  const { totals } = summary;
  const where = global ? "across all servers" : "in this server";
  const heading = `Usage ${where}, ${PERIOD_LABELS[period]}`;
  if (totals.total === 0) return `${heading}: nothing yet.`;
  const errorRate = ((totals.errors / totals.total) * 100).toFixed(1);
  const p95 = totals.p95LatencyMs === null ? "n/a" : `${Number(totals.p95LatencyMs.toFixed(1))} ms`;
  const lines = [
    `${heading}: ${plural(totals.total, "interaction")}, ${plural(totals.errors, "error")} (${errorRate}%), ${totals.refused} refused, p95 latency ${p95}.`,
  ];
  if (global) {
    lines.push(`In servers: ${totals.inGuilds}. In direct messages: ${totals.inDirectMessages}.`);
  }
  lines.push(
    `Top commands: ${summary.topCommands.map((entry) => `${entry.command} ${entry.uses}`).join(", ")}`,
    `Top users: ${summary.topUsers.map((entry) => `<@${entry.userId}> ${entry.uses}`).join(", ")}`,
    `Daily: ${summary.daily.map((entry) => `${entry.day} ${entry.uses}`).join(", ")}`,
  );
  return lines.join("\n");
}
