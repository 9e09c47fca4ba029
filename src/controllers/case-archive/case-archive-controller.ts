import { inject } from "tsyringe";
import { builtOnce } from "../../database/built-once";
import { DatabaseService } from "../../database/database-service";
import { Case, CaseEdit, Guild } from "../../entities";
import { service } from "../../service";
import { BaseController } from "../base-controller";
import type { ArchivedCase } from "./archive-format";
import { caseNames, editNames, exportPageSql } from "./archive-sql";
import { archived, type ExportRow } from "./archived-case";
import { CaseImport, type ImportResult, type LineSource } from "./case-import";
import { CASE_SECTIONS, type SectionContext } from "./sections";

export type { ImportResult, LineSource };

export interface ExportFilter {
  targetId?: string;
  /** Only cases recorded at or after. */
  since?: Date;
}

/** Cases read and written a page at a time: never a whole guild's cases in memory. */
export const ARCHIVE_PAGE_SIZE = 1000;

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

  /** The guild's cases (voided ones too) in number order, one keyset page at a time. */
  async *exportPages(guildId: string, filter: ExportFilter): AsyncGenerator<ArchivedCase[]> {
    const context = this.context();
    const sql = exportPageSql(context.cases, {
      targetId: filter.targetId !== undefined,
      since: filter.since !== undefined,
    });
    const extra = [...(filter.targetId ? [filter.targetId] : []), ...(filter.since ? [filter.since] : [])];
    let after = 0;
    for (;;) {
      const { rows } = await this.db.sql<ExportRow>(sql, [guildId, after, ARCHIVE_PAGE_SIZE, ...extra]);
      if (rows.length === 0) return;
      const ids = rows.map((row) => row.id);
      const sections = await Promise.all(CASE_SECTIONS.map((section) => section.load(context, ids)));
      yield rows.map((row) => archived(row, sections));
      after = rows[rows.length - 1]?.number ?? after;
      if (rows.length < ARCHIVE_PAGE_SIZE) return;
    }
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
