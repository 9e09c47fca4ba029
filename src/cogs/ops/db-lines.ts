import path from "node:path";
import type { BackupResult } from "../../database/backup/format";
import type { DatabaseStats } from "../../database/lifecycle";
import type { SlowQuery } from "../../database/query-monitor";
import { migrationLabel, type SchemaVersion } from "../../database/schema-version";
import type { IntegrityFinding } from "../../ops/integrity-check";

const SLOWEST_SHOWN = 5;
const QUERY_PREVIEW = 90;
const MESSAGE_LIMIT = 1900;

export interface Versions {
  app: string;
  schema: SchemaVersion | null;
}

export function statsLines(
  stats: DatabaseStats,
  versions: Versions,
  slowest: readonly SlowQuery[],
): string[] {
  const { pool } = stats;
  const schema = versions.schema ? migrationLabel(versions.schema) : "no migration applied";
  const lines = [
    `**Database** ${formatBytes(stats.databaseBytes)}${stats.embedded ? " (embedded)" : ""}, ${stats.queries} statements since start`,
    `**Version** ${versions.app}, schema ${schema}`,
    `**Pool** ${pool.inUse} in use, ${pool.idle} idle, ${pool.waiting} waiting (max ${pool.max})`,
    "**Rows per table**",
    ...stats.tables.map((table) => `\`${table.table}\` ${table.rows.toLocaleString("en-US")}`),
    "**Slowest queries since start**",
  ];
  if (slowest.length === 0) lines.push("none over the slow-query threshold");
  for (const query of slowest.slice(0, SLOWEST_SHOWN)) {
    lines.push(`${Math.round(query.ms)} ms \`${preview(query.query)}\``);
  }
  return fit(lines);
}

export function backupLine(result: BackupResult): string {
  const contents = result.format === "logical" ? `, ${result.rows} rows in ${result.tables} tables` : "";
  return `Backup written: \`${path.basename(result.file)}\` (${formatBytes(result.bytes)}, ${result.format}${contents}).`;
}

export function cleanupLines(removed: Record<string, number>): string[] {
  const total = Object.values(removed).reduce((sum, count) => sum + count, 0);
  return [
    total === 0 ? "Cleanup done: nothing had expired." : `Cleanup done: ${total} rows removed.`,
    ...Object.entries(removed).map(([table, count]) => `\`${table}\` ${count}`),
  ];
}

export function integrityLines(findings: readonly IntegrityFinding[]): string[] {
  const failed = findings.filter((finding) => !finding.ok).length;
  return fit([
    failed === 0 ? "Integrity check passed." : `Integrity check found problems in ${failed} check(s).`,
    ...findings.map((finding) => `${finding.ok ? "✅" : "❌"} **${finding.check}**: ${finding.detail}`),
  ]);
}

function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? "B"}`;
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
