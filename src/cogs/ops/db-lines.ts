import path from "node:path";
import type { BackupResult } from "../../database/backup/format";
import type { DatabaseStats } from "../../database/lifecycle";
import type { SlowQuery } from "../../database/query-monitor";
import { migrationLabel, type SchemaVersion } from "../../database/schema-version";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";
import type { IntegrityCheckName, IntegrityFinding } from "../../ops/integrity-check";

const SLOWEST_SHOWN = 5;
const QUERY_PREVIEW = 90;
const MESSAGE_LIMIT = 1900;

const CHECK_NAMES = {
  case_counters: "ops.check_case_counters",
  balances: "ops.check_balances",
  ledger_orphans: "ops.check_ledger_orphans",
  indexes: "ops.check_indexes",
} as const satisfies Record<IntegrityCheckName, MessageId>;

export interface Versions {
  app: string;
  schema: SchemaVersion | null;
}

export function statsLines(
  t: Translator,
  stats: DatabaseStats,
  versions: Versions,
  slowest: readonly SlowQuery[],
): string[] {
  const { pool } = stats;
  const schema = versions.schema ? migrationLabel(versions.schema) : t.t("ops.schema_none");
  const lines = [
    t.t("ops.stats_database", {
      size: formatBytes(t, stats.databaseBytes),
      embedded: stats.embedded ? "yes" : "no",
      queries: stats.queries,
    }),
    t.t("ops.stats_version", { app: versions.app, schema }),
    t.t("ops.stats_pool", { inUse: pool.inUse, idle: pool.idle, waiting: pool.waiting, max: pool.max }),
    t.t("ops.stats_rows"),
    ...stats.tables.map((table) => `\`${table.table}\` ${t.number(table.rows)}`),
    t.t("ops.stats_slowest"),
  ];
  if (slowest.length === 0) lines.push(t.t("ops.stats_no_slow_query"));
  for (const query of slowest.slice(0, SLOWEST_SHOWN)) {
    lines.push(t.t("ops.slow_query", { ms: Math.round(query.ms), query: preview(query.query) }));
  }
  return fit(lines);
}

export function backupLine(t: Translator, result: BackupResult): string {
  return t.t("ops.backup_written", {
    file: path.basename(result.file),
    size: formatBytes(t, result.bytes),
    format: result.format,
    rows: result.rows,
    tables: result.tables,
  });
}

export function cleanupLines(t: Translator, removed: Record<string, number>): string[] {
  const total = Object.values(removed).reduce((sum, count) => sum + count, 0);
  return [
    total === 0 ? t.t("ops.cleanup_nothing") : t.t("ops.cleanup_done", { total }),
    ...Object.entries(removed).map(([table, count]) => `\`${table}\` ${t.number(count)}`),
  ];
}

export function integrityLines(t: Translator, findings: readonly IntegrityFinding[]): string[] {
  const failed = findings.filter((finding) => !finding.ok).length;
  return fit([
    failed === 0 ? t.t("ops.integrity_passed") : t.t("ops.integrity_failed", { failed }),
    ...findings.map((finding) => {
      const details = finding.details.map((detail) => t.render(detail)).join("\n");
      return `${finding.ok ? "✅" : "❌"} **${t.t(CHECK_NAMES[finding.check])}**: ${details}`;
    }),
  ]);
}

/** Binary units (KiB, MiB, …), the number written for the reader's language: "1.5 MiB", "1,5 MiB". */
function formatBytes(t: Translator, bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(t.locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
  return `${number.format(value)} ${units[unit] ?? "B"}`;
}

function preview(query: string): string {
  const flat = query.replace(/\s+/g, " ").replaceAll("`", "'");
  return flat.length > QUERY_PREVIEW ? `${flat.slice(0, QUERY_PREVIEW)}…` : flat;
}

/** Keeps whole lines under Discord's message limit. */
function fit(lines: string[]): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > MESSAGE_LIMIT) {
      kept.push("…");
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept;
}
