import { CaseType } from "../../entities";
import { MAX_REASON_LENGTH, MAX_SETTLE_NOTE_LENGTH } from "../../entities/case";
import { MAX_CASE_NUMBER, type ArchivedCase } from "./archive-format";
import { CASE_SECTIONS } from "./sections";

const SNOWFLAKE = /^\d{17,20}$/;
const TYPES = new Set<string>(Object.values(CaseType));
const caseNumber = (value: unknown, above: number): boolean =>
  Number.isInteger(value) && (value as number) > above && (value as number) <= MAX_CASE_NUMBER;

const textUpTo = (value: unknown, max: number): boolean =>
  value === null || (typeof value === "string" && value.length <= max);
const time = (value: unknown): boolean => typeof value === "string" && !Number.isNaN(Date.parse(value));
const flag = (value: unknown): boolean => typeof value === "boolean";

/** The case a file's line holds, or throws when it is not well formed (numbers must rise, as exported). */
export function checkedCase(raw: unknown, previous: number): ArchivedCase {
  const kase = raw as Partial<ArchivedCase> | null;
  if (typeof kase !== "object" || kase === null) throw new Error("not a case");
  const ok =
    caseNumber(kase.number, previous) &&
    TYPES.has(String(kase.type)) &&
    SNOWFLAKE.test(String(kase.targetId)) &&
    SNOWFLAKE.test(String(kase.moderatorId)) &&
    textUpTo(kase.reason, MAX_REASON_LENGTH) &&
    textUpTo(kase.settleNote, MAX_SETTLE_NOTE_LENGTH) &&
    time(kase.createdAt) &&
    time(kase.updatedAt) &&
    (kase.expiresAt === null || time(kase.expiresAt)) &&
    flag(kase.processed) &&
    flag(kase.voided) &&
    flag(kase.pending) &&
    (kase.refersTo === null || caseNumber(kase.refersTo, 0));
  if (!ok) throw new Error("a case is not well formed");
  for (const section of CASE_SECTIONS) {
    const entries = kase[section.key] ?? [];
    if (!Array.isArray(entries)) throw new Error(`${section.key} is not a list`);
    entries.forEach((entry) => section.check(entry));
  }
  return kase as ArchivedCase;
}
