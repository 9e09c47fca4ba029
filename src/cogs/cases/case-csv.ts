import type { ArchivedCase } from "../../controllers/case-archive/archive-format";
import { CASE_SECTIONS } from "../../controllers/case-archive/sections";

const COLUMNS = [
  "number",
  "type",
  "target_id",
  "moderator_id",
  "reason",
  "created_at",
  "expires_at",
  "voided",
  "pending",
  "refers_to",
] as const;

/** A spreadsheet would run a cell starting with one of these as a formula (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = `${[...COLUMNS, ...CASE_SECTIONS.map((section) => section.key)].join(",")}\r\n`;

/** One case as a CSV row (RFC 4180); each section is a JSON cell. For reading, not for `/cases import`. */
export function csvRow(kase: ArchivedCase): string {
  const values = [
    kase.number,
    kase.type,
    kase.targetId,
    kase.moderatorId,
    kase.reason,
    kase.createdAt,
    kase.expiresAt,
    kase.voided,
    kase.pending,
    kase.refersTo,
    ...CASE_SECTIONS.map((section) => kase[section.key] ?? []),
  ];
  return `${values.map(cell).join(",")}\r\n`;
}
