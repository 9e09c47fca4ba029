import type { CaseType } from "../../entities";

/** What a case export holds, one case per line (see `archiveLines`). */
export const ARCHIVE_FORMAT = "warden-cases";
export const ARCHIVE_VERSION = 1;
/**
 * The highest case number a file may hold or refer to: the guild's counter (a 32-bit integer) is raised
 * past it, and a guild whose counter reached 2^31 - 1 could open no case again.
 */
export const MAX_CASE_NUMBER = 1_000_000_000;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  /** The guild the cases were exported from. */
  guildId: string;
  exportedAt: string;
  /** What the export was limited to (`/case export` sets the first two; the dashboard any of them). */
  filter: {
    targetId?: string;
    since?: string;
    type?: string;
    moderatorId?: string;
    state?: "active" | "deleted" | "all";
    before?: string;
    text?: string;
  };
}

/** One case as exported: numbers instead of database ids, timestamps as ISO text in microseconds. */
export interface ArchivedCase {
  number: number;
  type: CaseType;
  targetId: string;
  moderatorId: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  processed: boolean;
  voided: boolean;
  pending: boolean;
  settleNote: string | null;
  /** The number of the case this one refers to. */
  refersTo: number | null;
  /** One entry per section (`edits`, …): see `CASE_SECTIONS`. */
  [section: string]: unknown;
}

/**
 * The file is one JSON document laid out one case per line, so it is written and read a line at a time:
 * the header (its `cases` array opened) on the first line, a case per line (a comma after each but the
 * last), `]}` on the last.
 */
export function headerLine(header: ArchiveHeader): string {
  const text = JSON.stringify({ ...header, cases: [] });
  return `${text.slice(0, -2)}\n`;
}

export const FOOTER = "\n]}\n";

/** The header of a file's first line, or null when it is not a case export of this version. */
export function parseHeader(line: string): ArchiveHeader | null {
  try {
    const parsed = JSON.parse(`${line}]}`) as Partial<ArchiveHeader>;
    return parsed.format === ARCHIVE_FORMAT && parsed.version === ARCHIVE_VERSION
      ? (parsed as ArchiveHeader)
      : null;
  } catch {
    return null;
  }
}

/** A case line (its trailing comma, if any, removed), or null for the footer. Throws on anything else. */
export function parseCaseLine(line: string): unknown {
  const text = line.trim().replace(/,$/, "");
  if (text === "]}" || text === "") return null;
  return JSON.parse(text) as unknown;
}
