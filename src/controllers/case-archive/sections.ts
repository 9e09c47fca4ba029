import type { DatabaseService } from "../../database/database-service";
import type { CaseNames, EditNames } from "./archive-sql";
import { EDITS_SECTION } from "./edits-section";

/** What a section's statements may use: the database and the tables' names. */
export interface SectionContext {
  db: DatabaseService;
  cases: CaseNames;
  edits: EditNames;
}

/** A case's id (the imported case) and one section's entries for it, as read from a file. */
export interface SectionEntries {
  caseId: number;
  entries: readonly unknown[];
}

/**
 * One part of a case kept in its own table (its edit history; evidence, once it exists): exported as an
 * array under `key` on each case, imported back once every case of the file is in, so references to cases
 * resolve whatever their order. Adding a section is one entry in `CASE_SECTIONS`.
 */
export interface CaseSection {
  readonly key: string;
  /** A JSON array expression of the entries of case `k` (the export's alias), case numbers in place of ids. */
  json(context: SectionContext): string;
  /** Case numbers the entries refer to, which must exist once the import is done. */
  references(entries: readonly unknown[]): number[];
  /** Refuses an entry that is not well formed (throws with what is wrong). */
  check(entry: unknown): void;
  /** Writes the entries; `caseIdOf` gives the id of each number `references` returned. */
  save(
    context: SectionContext,
    cases: readonly SectionEntries[],
    caseIdOf: (number: number) => number,
  ): Promise<void>;
}

export const CASE_SECTIONS: readonly CaseSection[] = [EDITS_SECTION];
