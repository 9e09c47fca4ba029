import { inject } from "tsyringe";
import { builtOnce } from "../../database/built-once";
import { DatabaseService } from "../../database/database-service";
import { Case, CaseEdit, Guild } from "../../entities";
import { service } from "../../service";
import { BaseController } from "../base-controller";
import { caseNames, editNames, exportPageSql } from "./archive-sql";
import { CaseImport, type ImportResult, type LineSource } from "./case-import";
import { CASE_SECTIONS, type SectionContext } from "./sections";

export type { ImportResult, LineSource };

/** A page of the export: `count` cases as JSON lines, `,\n` between them. */
export interface ExportPage {
  text: string;
  count: number;
}

export interface ExportFilter {
  targetId?: string;
  /** Only cases recorded at or after. */
  since?: Date;
}

/**
 * Cases exported a page at a time: never a whole guild's cases in memory. A page's text (about 350 bytes a
 * case) stays under V8's large-object size (128 KiB), so it dies young instead of piling up in the old
 * generation until a full collection (1,000 a page added ~75 MB of peak RSS to a 100,000-case export).
 */
export const ARCHIVE_PAGE_SIZE = 250;

/**
 * Case export and import: a guild's cases with their sections (edit history, …) and references, by number,
 * so they can be read back into another guild or install with their numbering kept.
 */
@service()
export class CaseArchiveController extends BaseController<Case> {
  private readonly context = builtOnce((): SectionContext => ({
    db: this.db,
    cases: caseNames(this.sql),
    edits: editNames(this.sqlOf(CaseEdit)),
  }));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Case);
  }

  /**
   * The guild's cases (voided ones too) in number order, one keyset page at a time, each page as one text
   * of JSON lines (`,\n` between them; see archive-format): PostgreSQL writes the JSON.
   */
  async *exportPages(guildId: string, filter: ExportFilter): AsyncGenerator<ExportPage> {
    const context = this.context();
    const sections = CASE_SECTIONS.map((section) => ({ key: section.key, json: section.json(context) }));
    const which = { targetId: filter.targetId !== undefined, since: filter.since !== undefined };
    const sql = exportPageSql(context.cases, which, sections);
    const extra = [...(filter.targetId ? [filter.targetId] : []), ...(filter.since ? [filter.since] : [])];
    let after = 0;
    for (;;) {
      const { rows } = await this.db.readFromReplica(() =>
        this.db.sql<ExportPage & { last: number | null }>(sql, [guildId, after, ARCHIVE_PAGE_SIZE, ...extra]),
      );
      const page = rows[0];
      if (!page || page.count === 0 || page.last === null) return;
      yield { text: page.text, count: page.count };
      if (page.count < ARCHIVE_PAGE_SIZE) return;
      after = page.last;
    }
  }

  /**
   * The given cases of the guild (numbers a search found, at most ARCHIVE_PAGE_SIZE) as one page of the
   * export's JSON lines, newest first, in one statement.
   */
  async exportNumbers(guildId: string, numbers: readonly number[]): Promise<ExportPage> {
    if (numbers.length === 0) return { text: "", count: 0 };
    if (numbers.length > ARCHIVE_PAGE_SIZE) throw new Error(`at most ${ARCHIVE_PAGE_SIZE} cases a page`);
    const context = this.context();
    const sections = CASE_SECTIONS.map((section) => ({ key: section.key, json: section.json(context) }));
    const sql = exportPageSql(context.cases, { targetId: false, since: false, numbers: true }, sections);
    const { rows } = await this.db.readFromReplica(() =>
      this.db.sql<ExportPage>(sql, [guildId, 0, numbers.length, numbers]),
    );
    return { text: rows[0]?.text ?? "", count: rows[0]?.count ?? 0 };
  }

  /**
   * Reads an export back into guild `guildId`, all or nothing in one transaction: numbering kept, every
   * reference resolved, refused (UserError) when a number is taken or the file is not a well-formed export.
   */
  importCases(guildId: string, lines: LineSource): Promise<ImportResult> {
    const job = new CaseImport(this.context(), this.sqlOf(Guild), guildId, lines);
    return this.db.transaction(() => job.run());
  }
}
