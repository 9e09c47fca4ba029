import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { UserError } from "../errors/user-error";
import { Case, CaseEdit, CaseEvidence } from "../entities";
import type { EvidenceKind } from "../entities/case-evidence";
import type { MessageId } from "../i18n/resources";
import { BaseController } from "./base-controller";
import { caseNotFound } from "./case-changes";
import { CaseEditController } from "./case-edit-controller";

/** The most evidence one case holds (a case is a record, not a file store). */
export const MAX_EVIDENCE_PER_CASE = 25;

/** A note on one of a member's cases, with the case's number. */
export interface MemberNote {
  caseNumber: number;
  editorId: string;
  note: string;
  editedAt: Date;
}

export interface NewEvidence {
  kind: EvidenceKind;
  url: string;
  fileName?: string | null;
  sizeBytes?: number | null;
  sha256?: string | null;
}

/**
 * Notes and evidence on cases: each added against the locked case row (unknown and deleted cases refused,
 * as is a member annotating their own case), written with its history entry in one transaction. The case
 * itself does not change: a note never touches its reason.
 */
@service()
export class CaseAnnotations extends BaseController<CaseEvidence> {
  private lockStatement: string | undefined;

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseEditController) private readonly edits: CaseEditController,
  ) {
    super(db, CaseEvidence);
  }

  addNote(guildId: string, number: number, editorId: string, note: string): Promise<Case> {
    return this.transaction(async () => {
      const kase = await this.lockCase(guildId, number, editorId, "cases.note_deleted_case");
      await this.edits.create({ caseId: kase.id, editorId, field: "note", before: null, after: null, note });
      return kase;
    });
  }

  addEvidence(
    guildId: string,
    number: number,
    editorId: string,
    evidence: NewEvidence,
  ): Promise<CaseEvidence> {
    return this.transaction(async () => {
      const kase = await this.lockCase(guildId, number, editorId, "cases.evidence_deleted_case");
      if ((await this.count({ caseId: kase.id })) >= MAX_EVIDENCE_PER_CASE) {
        throw new UserError("cases.evidence_full", { number, max: MAX_EVIDENCE_PER_CASE });
      }
      const added = await this.create({ ...evidence, caseId: kase.id, addedBy: editorId });
      const what = evidence.fileName ?? evidence.url;
      await this.edits.create({ caseId: kase.id, editorId, field: "evidence", before: null, after: what });
      return added;
    });
  }

  /** The case's evidence, oldest first. */
  forCase(caseId: number): Promise<CaseEvidence[]> {
    return this.findMany({ where: { caseId }, order: { id: "ASC" } });
  }

  /** The newest `limit` notes on the member's cases in this guild, newest first, in one statement. */
  async notesAbout(guildId: string, targetId: string, limit: number): Promise<MemberNote[]> {
    const [cases, edits] = [this.sqlOf(Case), this.sqlOf(CaseEdit)];
    const { rows } = await this.db.sql<{
      caseNumber: number;
      editorId: string;
      note: string;
      editedAt: Date;
    }>(
      `SELECT c.${cases.columnName("number")} AS "caseNumber", e.${edits.columnName("editorId")} AS "editorId",
              e.${edits.columnName("note")} AS note, e.${edits.columnName("editedAt")} AS "editedAt"
         FROM ${cases.table} c JOIN ${edits.table} e ON e.${edits.columnName("caseId")} = c.${cases.columnName("id")}
        WHERE c.${cases.columnName("guildId")} = $1 AND c.${cases.columnName("targetId")} = $2
          AND e.${edits.columnName("field")} = 'note'
        ORDER BY e.${edits.columnName("id")} DESC LIMIT $3`,
      [guildId, targetId, limit],
    );
    return rows.map((row) => ({ ...row, editorId: String(row.editorId), editedAt: new Date(row.editedAt) }));
  }

  private async lockCase(
    guildId: string,
    number: number,
    editorId: string,
    deleted: MessageId,
  ): Promise<Case> {
    const sql = this.sqlOf(Case);
    this.lockStatement ??= `SELECT ${sql.selectList} FROM ${sql.table}
      WHERE ${sql.columnName("guildId")} = $1 AND ${sql.columnName("number")} = $2 FOR UPDATE`;
    const row = (await this.db.sql<Record<string, unknown>>(this.lockStatement, [guildId, number])).rows[0];
    if (!row) throw caseNotFound(number);
    const kase = sql.hydrate(row);
    if (kase.voided) throw new UserError(deleted, { number });
    if (kase.targetId === editorId) throw new UserError("cases.own_case", { number });
    return kase;
  }
}
