import { inject } from "tsyringe";
import { service } from "../service";
import { IsNull, Not } from "typeorm";
import { DatabaseService } from "../database/database-service";
import { NotFoundError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import { LegacyUserError } from "../errors/user-error";
import { Case, CaseEdit, CaseType } from "../entities";
import type { CaseEditField } from "../entities/case-edit";
import { BaseController, type CursorPage } from "./base-controller";
import { CaseEditController } from "./case-edit-controller";
import { GuildController } from "./guild-controller";
import { GuildScope } from "./guild-scope";

export interface NewCase {
  guildId: string;
  type: CaseType;
  targetId: string;
  moderatorId: string;
  reason?: string | null;
  expiresAt?: Date | null;
  /** Number of an earlier case in the same guild this one refers to. */
  refersTo?: number;
  /** The Discord action is yet to be carried out: confirm with `confirmAction`, or `failAction`. */
  pending?: boolean;
}

/** Confirming one of these settles the target's open case of the other type. */
const REVERSES: Partial<Record<CaseType, CaseType.Ban | CaseType.Timeout>> = {
  [CaseType.Unban]: CaseType.Ban,
  [CaseType.Untimeout]: CaseType.Timeout,
};

export interface CaseFilter {
  targetId?: string;
  moderatorId?: string;
  type?: CaseType;
  includeVoided?: boolean;
}

/** Moderation cases: numbered per guild without gaps or duplicates, edited with a history. */
@service()
export class CaseController extends BaseController<Case> {
  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(GuildController) private readonly guilds: GuildController,
    @inject(CaseEditController) private readonly edits: CaseEditController,
  ) {
    super(db, Case);
  }

  forGuild(guildId: string): GuildScope<Case> {
    return new GuildScope<Case>(this, guildId);
  }

  /**
   * Records a case under the guild's next number. The number comes from the guild's counter row, locked
   * by the same transaction that inserts the case, so any number of processes never collide or skip.
   */
  createCase(input: NewCase): Promise<Case> {
    return this.atomically(async () => {
      const refCaseId =
        input.refersTo === undefined
          ? null
          : (await this.getByNumberOrFail(input.guildId, input.refersTo)).id;
      const number = await this.guilds.takeNextCaseNumber(input.guildId);
      return this.create({
        guildId: input.guildId,
        number,
        type: input.type,
        targetId: input.targetId,
        moderatorId: input.moderatorId,
        reason: input.reason ?? null,
        expiresAt: input.expiresAt ?? null,
        refCaseId,
        pending: input.pending ?? false,
      });
    });
  }

  getByNumber(guildId: string, number: number): Promise<Case | null> {
    return this.forGuild(guildId).findOne({ number });
  }

  async getByNumberOrFail(guildId: string, number: number): Promise<Case> {
    const found = await this.getByNumber(guildId, number);
    if (!found) throw new NotFoundError("Case", { guildId, number });
    return found;
  }

  /** Newest first, one page at a time (keyset pagination on the case number). */
  list(
    guildId: string,
    filter: CaseFilter,
    page: { after?: string | null; limit: number },
  ): Promise<CursorPage<Case>> {
    return this.forGuild(guildId).paginateCursor({
      where: {
        ...(filter.targetId ? { targetId: filter.targetId } : {}),
        ...(filter.moderatorId ? { moderatorId: filter.moderatorId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.includeVoided ? {} : { voided: false }),
      },
      orderBy: "number",
      direction: "DESC",
      ...page,
    });
  }

  /** How many (non-voided) cases a member has, by type. */
  async countsByType(guildId: string, targetId: string): Promise<Partial<Record<CaseType, number>>> {
    const result = await this.db.sql<{ type: CaseType; n: string }>(
      `SELECT type, count(*) AS n FROM cases WHERE guild_id = $1 AND target_id = $2 AND NOT voided GROUP BY type`,
      [guildId, targetId],
    );
    return Object.fromEntries(result.rows.map((row) => [row.type, Number(row.n)]));
  }

  editReason(guildId: string, number: number, editorId: string, reason: string): Promise<Case> {
    return this.change(guildId, number, editorId, "reason", { reason });
  }

  /** Soft-deletes the case: hidden from lists, kept on record; `reason` goes into its history. */
  void(guildId: string, number: number, editorId: string, reason?: string): Promise<Case> {
    return this.change(
      guildId,
      number,
      editorId,
      "voided",
      { voided: true },
      {
        note: reason ?? null,
        refuse: (before) => {
          if (before.voided) return new LegacyUserError("CaseDeleted", `Case #${number} is already deleted.`);
          // Deleted tempbans are never lifted (expiries skip voided cases): the ban would stay for good.
          if (before.type === CaseType.Ban && before.expiresAt !== null && !before.processed) {
            return new LegacyUserError(
              "TempbanRunning",
              `Case #${number} is a tempban that hasn't ended; deleting it would keep them banned for good. Lift it early with /unban, or delete the case once it has ended.`,
            );
          }
          return undefined;
        },
      },
    );
  }

  /** Marks case `number` as referring to the earlier case `refersTo` of the same guild. */
  async link(guildId: string, number: number, refersTo: number, editorId: string): Promise<Case> {
    if (number === refersTo) throw invalid("refers_to", "validation.case_self_reference");
    return this.transaction(async () => {
      const target = await this.getByNumberOrFail(guildId, refersTo);
      return this.change(guildId, number, editorId, "refCaseId", { refCaseId: target.id });
    });
  }

  /**
   * Discord carried out the action: the case stands (with `settleNote` when that could not be checked).
   * Confirming an unban or untimeout also settles the target's open tempban or timeout. False when the
   * case was no longer pending (someone else settled it).
   */
  confirmAction(caseId: number, settleNote: string | null = null): Promise<boolean> {
    return this.transaction(async () => {
      const confirmed = await this.db.sql<{ guild_id: string; target_id: string; type: CaseType }>(
        `UPDATE cases SET pending = false, settle_note = COALESCE($2, settle_note), updated_at = now()
          WHERE id = $1 AND pending RETURNING guild_id, target_id, type`,
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
   * Discord refused (or never got) the action: the case is voided, and its history says by whom. Null when
   * it was no longer pending (already confirmed or voided), so a repeated attempt changes nothing.
   */
  failAction(guildId: string, number: number, editorId: string): Promise<Case | null> {
    return this.transaction(async () => {
      const current = await this.db.sql<{ pending: boolean }>(
        "SELECT pending FROM cases WHERE guild_id = $1 AND number = $2 FOR UPDATE",
        [guildId, number],
      );
      if (current.rows[0]?.pending !== true) return null;
      return this.change(guildId, number, editorId, "voided", { voided: true, pending: false });
    });
  }

  /**
   * Marks the target's open tempbans (or timeouts) done, but `exceptId`'s: a manual unban (untimeout) came
   * first, or a newer ban replaced them.
   */
  closeExpiries(
    guildId: string,
    targetId: string,
    type: CaseType.Ban | CaseType.Timeout,
    exceptId?: number,
  ): Promise<number> {
    return this.updateWhere(
      {
        guildId,
        targetId,
        type,
        processed: false,
        expiresAt: Not(IsNull()),
        ...(exceptId === undefined ? {} : { id: Not(exceptId) }),
      },
      { processed: true },
    );
  }

  /** Where the case's mod-log message is, so later edits change that same message. */
  setModLogMessage(caseId: number, messageId: string): Promise<Case | null> {
    return this.updateById(caseId, { modLogMessageId: messageId });
  }

  history(caseId: number): Promise<CaseEdit[]> {
    return this.edits.forCase(caseId);
  }

  /** Applies one field change and records it in the case's history, atomically. */
  private change(
    guildId: string,
    number: number,
    editorId: string,
    field: CaseEditField,
    changes: Partial<Case>,
    options: { note?: string | null; refuse?: (before: Case) => Error | undefined } = {},
  ): Promise<Case> {
    return this.transaction(async () => {
      const locked = await this.db.sql<Record<string, unknown>>(
        `SELECT ${this.sql.selectList} FROM cases WHERE guild_id = $1 AND number = $2 FOR UPDATE`,
        [guildId, number],
      );
      const row = locked.rows[0];
      if (!row) throw new NotFoundError("Case", { guildId, number });
      const before = this.sql.hydrate(row);
      // As nobody acts on themselves, nobody rewrites or deletes the record of what was done to them.
      if (before.targetId === editorId) {
        throw new LegacyUserError("OwnCase", `Case #${number} is about you, so you can't change it.`);
      }
      const refusal = options.refuse?.(before);
      if (refusal) throw refusal;
      const updated = await this.updateById(before.id, changes);
      if (!updated) throw new NotFoundError("Case", { guildId, number });
      await this.edits.create({
        caseId: before.id,
        editorId,
        field,
        before: describe(before[field]),
        after: describe(updated[field]),
        note: options.note ?? null,
      });
      return updated;
    });
  }
}

function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}
