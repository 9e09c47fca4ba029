import { IsNull, Not } from "typeorm";
import type { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import { CaseType, type Case } from "../entities";
import type { Where } from "./base-controller";
import type { CaseChanges, CaseWriter } from "./case-changes";
import type { VoidedActionLinks } from "./voided-action-links";

/** Confirming one of these settles the target's open case of the other type. */
const REVERSES: Partial<Record<CaseType, ExpiringType>> = {
  [CaseType.Unban]: CaseType.Ban,
  [CaseType.Untimeout]: CaseType.Timeout,
  [CaseType.Unrestrict]: CaseType.Restrict,
};

/** Cases that stay open until something ends them (a restriction may have no end of its own). */
export type ExpiringType = CaseType.Ban | CaseType.Timeout | CaseType.Restrict;

/** What CaseSettlement needs of CaseController besides CaseWriter. */
interface CaseUpdater extends CaseWriter {
  updateWhere(where: Where<Case>, changes: Partial<Case>): Promise<number>;
}

/**
 * How a case's Discord action settles: a pending action confirmed or failed, and open tempbans or timeouts
 * closed when something else ended them. Not injectable: CaseController owns it.
 */
export class CaseSettlement {
  private built: Readonly<Record<"confirm" | "lockPending", string>> | undefined;

  constructor(
    private readonly db: DatabaseService,
    private readonly entity: () => EntitySql<Case>,
    private readonly cases: CaseUpdater,
    private readonly changes: CaseChanges,
    private readonly links: VoidedActionLinks,
  ) {}

  /**
   * Discord carried out the action: the case stands (with `settleNote` when that could not be checked).
   * Confirming an unban or untimeout also settles the target's open tempban or timeout. False when the
   * case was no longer pending (someone else settled it).
   */
  confirm(caseId: number, settleNote: string | null): Promise<boolean> {
    return this.cases.transaction(async () => {
      const confirmed = await this.db.sql<{ guild_id: string; target_id: string; type: CaseType }>(
        this.statements.confirm,
        [caseId, settleNote],
      );
      const row = confirmed.rows[0];
      if (!row) return false;
      const [guildId, targetId] = [String(row.guild_id), String(row.target_id)];
      const reverses = REVERSES[row.type];
      if (reverses) await this.closeExpiries(guildId, targetId, reverses);
      // The newest ban decides: an earlier tempban's expiry must not lift this one.
      if (row.type === CaseType.Ban) await this.closeExpiries(guildId, targetId, CaseType.Ban, caseId);
      return true;
    });
  }

  /**
   * Discord refused (or never got) the action: the case is voided, and its history says by whom; what was
   * decided with it (an accepted appeal, an actioned report) is open again. Null when it was no longer
   * pending (already confirmed or voided), so a repeated attempt changes nothing.
   */
  fail(guildId: string, number: number, editorId: string): Promise<Case | null> {
    return this.cases.transaction(async () => {
      const current = await this.db.sql<{ pending: boolean }>(this.statements.lockPending, [guildId, number]);
      if (current.rows[0]?.pending !== true) return null;
      const changes = { voided: true, pending: false };
      const voided = await this.changes.apply({ guildId, number, editorId, field: "voided", changes });
      await this.links.undo(voided, editorId);
      return voided;
    });
  }

  /**
   * Marks the target's open tempbans (or timeouts) done, but `exceptId`'s: a manual unban (untimeout) came
   * first, or a newer ban replaced them.
   */
  closeExpiries(guildId: string, targetId: string, type: ExpiringType, exceptId?: number): Promise<number> {
    return this.cases.updateWhere(
      {
        guildId,
        targetId,
        type,
        processed: false,
        ...(type === CaseType.Restrict ? {} : { expiresAt: Not(IsNull()) }),
        ...(exceptId === undefined ? {} : { id: Not(exceptId) }),
      },
      { processed: true },
    );
  }

  /** `confirm`: `$1` case id, `$2` settle note; `lockPending`: `$1` guild, `$2` number. Built once. */
  private get statements(): Readonly<Record<"confirm" | "lockPending", string>> {
    if (this.built) return this.built;
    const sql = this.entity();
    const c = (property: keyof Case & string): string => sql.columnName(property);
    const [pending, settleNote, guild, target, type] = [
      c("pending"),
      c("settleNote"),
      c("guildId"),
      c("targetId"),
      c("type"),
    ];
    this.built = {
      confirm: `UPDATE ${sql.table}
          SET ${pending} = false, ${settleNote} = COALESCE($2, ${settleNote}), ${c("updatedAt")} = now()
          WHERE ${c("id")} = $1 AND ${pending}
          RETURNING ${guild} AS guild_id, ${target} AS target_id, ${type} AS type`,
      lockPending: `SELECT ${pending} AS pending FROM ${sql.table}
          WHERE ${guild} = $1 AND ${c("number")} = $2 FOR UPDATE`,
    };
    return this.built;
  }
}
