import { builtOnce } from "../database/built-once";
import type { DatabaseService } from "../database/database-service";
import { UserError } from "../errors/user-error";
import type { Case } from "../entities";
import type { CaseEditField } from "../entities/case-edit";
import type { CaseEditController } from "./case-edit-controller";
import type { EntitySql } from "../database/entity-sql";

/** One field change to one case, and the rule the locked row must pass first. */
export interface CaseChange {
  guildId: string;
  number: number;
  editorId: string;
  field: CaseEditField & keyof Case;
  changes: Partial<Case>;
  /** Kept in the history next to the change (why a case was deleted). */
  note?: string | null;
  /** A refusal only the locked row can tell (already deleted, a tempban still running, …). */
  refuse?: (before: Case) => UserError | undefined;
}

/** What CaseChanges needs of CaseController. */
export interface CaseWriter {
  updateById(id: number, changes: Partial<Case>): Promise<Case | null>;
  transaction<R>(work: () => Promise<R>): Promise<R>;
}

export const caseNotFound = (number: number): UserError => new UserError("cases.not_found", { number });

/**
 * How CaseController changes a case: lock its row, check the rules against it, write the change and its
 * history entry, all in one transaction. Not injectable: CaseController owns it.
 */
export class CaseChanges {
  /** `$1` guild, `$2` number: the case, locked. */
  private readonly lockSql = builtOnce(() => {
    const sql = this.entity();
    return `SELECT ${sql.selectList} FROM ${sql.table}
      WHERE ${sql.columnName("guildId")} = $1 AND ${sql.columnName("number")} = $2 FOR UPDATE`;
  });

  constructor(
    private readonly db: DatabaseService,
    private readonly entity: () => EntitySql<Case>,
    private readonly cases: CaseWriter,
    private readonly edits: CaseEditController,
  ) {}

  apply(change: CaseChange): Promise<Case> {
    const { guildId, number, editorId, field } = change;
    return this.cases.transaction(async () => {
      const sql = this.entity();
      const locked = await this.db.sql<Record<string, unknown>>(this.lockSql(), [guildId, number]);
      const row = locked.rows[0];
      if (!row) throw caseNotFound(number);
      const before = sql.hydrate(row);
      // As nobody acts on themselves, nobody rewrites or deletes the record of what was done to them.
      if (before.targetId === editorId) throw new UserError("cases.own_case", { number });
      const refusal = change.refuse?.(before);
      if (refusal) throw refusal;
      const updated = await this.cases.updateById(before.id, change.changes);
      if (!updated) throw caseNotFound(number);
      await this.edits.create({
        caseId: before.id,
        editorId,
        field,
        before: describe(before[field]),
        after: describe(updated[field]),
        note: change.note ?? null,
      });
      return updated;
    });
  }
}

function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}
