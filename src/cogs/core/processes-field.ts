import type { APIEmbedField } from "discord.js";
import type { LiveProcess } from "../../controllers/process-boot-controller";
import type { Translator } from "../../i18n/translator";
import { uptimeText } from "./uptime";

/** What the owners' process list compares each process with. */
export interface ProcessFacts {
  /** This process's Warden version. */
  version: string;
  /** The database's newest migration's name; null when none was applied, undefined when unknown. */
  schema: string | null | undefined;
  now: number;
  /** A heartbeat older than this is late (the process may be stuck). */
  lateAfterMs: number;
}

const FIELD_LIMIT = 1024;

/** `0–3, 7`: runs of consecutive shard numbers as ranges. */
export function shardRanges(shards: readonly number[]): string {
  const runs: string[] = [];
  for (let index = 0; index < shards.length;) {
    const start = shards[index] as number;
    let end = start;
    while (shards[index + 1] === end + 1) end = shards[++index] as number;
    runs.push(end === start ? String(start) : `${start}–${end}`);
    index += 1;
  }
  return runs.join(", ");
}

function processLine(t: Translator, process: LiveProcess, facts: ProcessFacts): string {
  const seenMs = Math.max(0, facts.now - process.lastSeenAt.getTime());
  const flags = [
    ...(process.version !== facts.version ? [t.t("core.process_other_version")] : []),
    ...(facts.schema !== undefined && process.schemaVersion !== facts.schema
      ? [t.t("core.process_other_schema")]
      : []),
    ...(seenMs > facts.lateAfterMs ? [t.t("core.process_late")] : []),
  ];
  const line = t.t("core.process_line", {
    host: process.host,
    pid: process.pid,
    shards: process.shardIds ? shardRanges(process.shardIds) : "?",
    version: process.version || "?",
    seen: uptimeText(t.locale, seenMs),
  });
  return flags.length > 0 ? `${line} · **${flags.join(", ")}**` : line;
}

/** The owners' list of live processes for `/about`, within an embed field's length. */
export function processesField(
  t: Translator,
  listing: { processes: readonly LiveProcess[]; total: number } | undefined,
  facts: ProcessFacts,
): APIEmbedField {
  if (!listing) return { name: t.t("core.about_processes_unknown"), value: t.t("core.processes_unknown") };
  const name = t.t("core.about_processes", { count: listing.total });
  const lines: string[] = [];
  let length = 0;
  for (const [index, process] of listing.processes.entries()) {
    const line = processLine(t, process, facts);
    const more = t.t("core.processes_more", { count: listing.total - index });
    if (length + line.length + 1 + more.length > FIELD_LIMIT) {
      lines.push(more);
      return { name, value: lines.join("\n") };
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (listing.total > listing.processes.length)
    lines.push(t.t("core.processes_more", { count: listing.total - listing.processes.length }));
  return { name, value: lines.join("\n") || t.t("core.processes_none") };
}
