import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService, type StatementRunner } from "../database/database-service";
import { invalid } from "../errors/validation-error";
import { UserError } from "../errors/user-error";
import { Case, CaseEdit, CaseType } from "../entities";
import { MAX_TARGET_NAME_LENGTH } from "../entities/case";
import { BaseController, type CursorPage } from "./base-controller";
import { CaseChanges, caseNotFound } from "./case-changes";
import { CaseEditController } from "./case-edit-controller";
import { expiryChange } from "./case-expiry-change";
import { CaseQueries, cursorAfter, MAX_SUGGESTIONS, type CaseFilter } from "./case-queries";
import { CaseSearch, type CaseSearchFilter } from "./case-search";
import type { CaseSuggestion, SuggestQuery } from "./case-queries";
import { CaseSettlement, type ExpiringType } from "./case-settlement";
import { GuildController } from "./guild-controller";
import { GuildScope } from "./guild-scope";
import { VoidedActionLinks } from "./voided-action-links";

export type { CaseFilter, CaseSearchFilter, CaseSuggestion, SuggestQuery };

/** A new case, or the earlier case it would have repeated (then nothing was recorded). */
export type RecordedAction = { created: Case } | { repeatOf: Case };

/**
 * `WITH` items (pushing their parameters after the guild's `$1`) ending in one named `repeated`, with the
 * columns of a case: the earlier case a new one would repeat, or no row.
 */
export type RepeatedCase = (params: unknown[]) => string;

/** A case's number taken as it is inserted, or as its transaction commits. */
type Numbering = "now" | "at-commit";

export interface NewCase {
  guildId: string;
  type: CaseType;
  targetId: string;
  /** The target's username now, kept with the case (see Case.targetName). */
  targetName?: string | null;
  moderatorId: string;
  reason?: string | null;
  expiresAt?: Date | null;
  /**
   * How long the action lasts, counted from the case's own `created_at`, so that a 1 h tempban reads "1h"
   * however long the bot waited for the database (instead of `expiresAt`).
   */
  lastsMs?: number | null;
  /** Number of an earlier case in the same guild this one refers to. */
  refersTo?: number;
  /** The Discord action is yet to be carried out: confirm with `confirmAction`, or `failAction`. */
  pending?: boolean;
  /** The audit-log entry of the action taken outside Warden that this case records. */
  auditEntryId?: string | null;
}

/**
 * Moderation cases: numbered per guild without gaps or duplicates, edited with a history. Every rule about
 * what may change is checked here, against the locked row, in the transaction that makes the change.
 */
@service()
export class CaseController extends BaseController<Case> {
  private readonly queries = new CaseQueries(this.db, () => this.sql);
  readonly search = new CaseSearch(
    this.db,
    () => this.sql,
    () => this.sqlOf(CaseEdit),
  );
  private readonly changes: CaseChanges;
  private readonly settlement: CaseSettlement;

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(GuildController) private readonly guilds: GuildController,
    @inject(CaseEditController) private readonly edits: CaseEditController,
    @inject(VoidedActionLinks) links: VoidedActionLinks,
  ) {
    super(db, Case);
    this.changes = new CaseChanges(db, () => this.sql, this, edits);
    this.settlement = new CaseSettlement(db, () => this.sql, this, this.changes, links);
  }

  forGuild(guildId: string): GuildScope<Case> {
    return new GuildScope<Case>(this, guildId);
  }

  /**
   * Records a case under the guild's next number, taken by the statement that inserts the case: the
   * guild's counter row stays locked only until that statement's transaction ends, so any number of
   * processes never collide or skip, and the lock is not held across round trips when there is no
   * caller's transaction.
   */
  async createCase(input: NewCase): Promise<Case> {
    const recorded = await this.insertReferring(input, (refCaseId) =>
      this.insertNumbered(input, refCaseId, "now"),
    );
    if (!("created" in recorded)) throw new Error("a case recorded without a repeat check repeated one");
    return recorded.created;
  }

  /**
   * Records a case unless `repeated` finds the earlier case it would repeat, in one statement (the check
   * and the insert share its snapshot, so the caller's lock on the member must be taken by an earlier
   * statement). `numbering` "at-commit" is for the busiest path (a moderator's action with nothing else in
   * its transaction that needs the number): the guild's counter row is then locked only inside COMMIT, not
   * across the round trips before it, so moderators of one guild queue far less. Such a case carries a
   * placeholder number until `readNumberAfterCommit` fills it in, so only the owner of the transaction
   * (RepeatGuard.recordAction, which opens it) may ask for it.
   */
  async recordUnlessRepeated(
    input: NewCase,
    repeated: RepeatedCase,
    numbering: Numbering,
  ): Promise<RecordedAction> {
    if (numbering === "at-commit" && !this.db.inTransaction)
      throw new Error("a case numbered at commit needs the caller's transaction");
    return await this.insertReferring(input, (refCaseId) =>
      this.insertNumbered(input, refCaseId, numbering, repeated),
    );
  }

  /**
   * Fills in the number of a case numbered at commit (`recordUnlessRepeated`) once its transaction has
   * committed, on that transaction's connection (`sql`); false when the case is not there.
   */
  async readNumberAfterCommit(kase: Case, sql: StatementRunner): Promise<boolean> {
    const { table } = this.sql;
    const [id, number] = [this.sql.columnName("id"), this.sql.columnName("number")];
    const result = await sql<{ number: number }>(
      `SELECT ${number} AS number FROM ${table} WHERE ${id} = $1`,
      [kase.id],
    );
    const found = result.rows[0]?.number;
    if (found === undefined) return false;
    if (found < 1) throw new Error(`case ${kase.id} has no number after its commit`);
    kase.number = found;
    return true;
  }

  private insertReferring<R>(input: NewCase, insert: (refCaseId: number | null) => Promise<R>): Promise<R> {
    if (input.refersTo === undefined) return insert(null);
    const refersTo = input.refersTo;
    return this.atomically(async () => insert((await this.getByNumberOrFail(input.guildId, refersTo)).id));
  }

  private async insertNumbered(
    input: NewCase,
    refCaseId: number | null,
    numbering: Numbering,
    repeated?: RepeatedCase,
  ): Promise<RecordedAction> {
    const row: Partial<Case> = {
      guildId: input.guildId,
      type: input.type,
      targetId: input.targetId,
      targetName: input.targetName?.slice(0, MAX_TARGET_NAME_LENGTH) ?? null,
      moderatorId: input.moderatorId,
      reason: input.reason ?? null,
      ...(input.lastsMs != null ? {} : { expiresAt: input.expiresAt ?? null }),
      refCaseId,
      pending: input.pending ?? false,
      ...(input.auditEntryId ? { auditEntryId: input.auditEntryId } : {}),
    };
    this.validate({ ...row, number: 1 });
    const params: unknown[] = [input.guildId];
    const checks = repeated ? `${repeated(params)},` : "";
    const onlyIf = repeated ? "NOT EXISTS (SELECT 1 FROM repeated)" : "true";
    const taking =
      numbering === "now"
        ? `taken AS (${this.guilds.caseNumberTaking(onlyIf)})`
        : this.guilds.placeholderTaking(onlyIf);
    const insert = this.sql.insertFrom(row, this.numberedColumns(input.lastsMs, params), "taken", params);
    const { selectList } = this.sql;
    const result = await this.db.sql<Record<string, unknown>>(
      repeated
        ? `WITH ${checks} ${taking}, inserted AS (${insert} RETURNING ${selectList})
           SELECT false AS repeat, ${selectList} FROM inserted
           UNION ALL SELECT true AS repeat, ${selectList} FROM repeated`
        : `WITH ${taking} ${insert} RETURNING ${selectList}`,
      params,
    );
    const found = result.rows[0];
    if (!found) throw new Error("recording a case returned no row");
    const kase = this.sql.hydrate(found);
    if (found.repeat === true) return { repeatOf: kase };
    this.wrote([kase.id]);
    return { created: kase };
  }

  /** The number from the guild's counter and, for a case that lasts, its end counted from its creation. */
  private numberedColumns(
    lastsMs: number | null | undefined,
    params: unknown[],
  ): Partial<Record<keyof Case & string, string>> {
    if (lastsMs == null) return { number: "taken.case_counter" };
    params.push(lastsMs);
    return {
      number: "taken.case_counter",
      expiresAt: `taken.taken_at + $${params.length}::float8 * interval '1 millisecond'`,
    };
  }

  getByNumber(guildId: string, number: number): Promise<Case | null> {
    return this.forGuild(guildId).findOne({ number });
  }

  /** The case, or `cases.not_found` naming the number asked for. */
  async getByNumberOrFail(guildId: string, number: number): Promise<Case> {
    const found = await this.getByNumber(guildId, number);
    if (!found) throw caseNotFound(number);
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

  /** Newest first, one keyset page at a time, under the dashboard's filters and text search. */
  browse(
    guildId: string,
    filter: CaseSearchFilter,
    page: { after?: string | null; limit: number },
  ): Promise<CursorPage<Case>> {
    return this.db.readFromReplica(() => this.search.page(guildId, filter, page));
  }

  /** The `after` cursor `list` gives out for a page that ends at `kase`. */
  cursorAfter(kase: Pick<Case, "number" | "id">): string {
    return cursorAfter(kase);
  }

  /** The `limit` cases matching `filter` just newer than case `number` (the page before), newest first. */
  newerThan(
    guildId: string,
    filter: CaseFilter,
    number: number,
    limit: number,
  ): ReturnType<CaseQueries["newerThan"]> {
    return this.queries.newerThan(guildId, filter, number, limit);
  }

  /** How many cases `list` pages through for this filter. */
  countMatching(guildId: string, filter: CaseFilter): Promise<number> {
    return this.queries.countMatching(guildId, filter);
  }

  /** How many (non-voided) cases a member has, by type. */
  countsByType(guildId: string, targetId: string): Promise<Partial<Record<CaseType, number>>> {
    return this.queries.countsByType(guildId, targetId);
  }

  /** At most `limit` (≤ 25) autocomplete suggestions in one statement, the exact number typed first. */
  suggest(guildId: string, query: SuggestQuery, limit = MAX_SUGGESTIONS): Promise<CaseSuggestion[]> {
    return this.queries.suggest(guildId, query, limit);
  }

  /** Case numbers by case id, within one guild (ids of other guilds are left out). */
  numbersByIds(guildId: string, ids: readonly number[]): Promise<Map<number, number>> {
    return this.queries.numbersByIds(guildId, ids);
  }

  /** A new reason, the old one kept in the history; a deleted case's reason stays as it was. */
  editReason(guildId: string, number: number, editorId: string, reason: string): Promise<Case> {
    return this.changes.apply({
      guildId,
      number,
      editorId,
      field: "reason",
      changes: { reason },
      refuse: (before) => (before.voided ? new UserError("cases.reason_locked", { number }) : undefined),
    });
  }

  /** Soft-deletes the case: hidden from lists, kept on record; `reason` goes into its history. */
  void(guildId: string, number: number, editorId: string, reason?: string): Promise<Case> {
    return this.changes.apply({
      guildId,
      number,
      editorId,
      field: "voided",
      changes: { voided: true },
      note: reason ?? null,
      refuse: (before) => {
        if (before.voided) return new UserError("cases.already_deleted", { number });
        // Deleted tempbans are never lifted (expiries skip voided cases): the ban would stay for good.
        if (before.type === CaseType.Ban && before.expiresAt !== null && !before.processed) {
          return new UserError("cases.tempban_running", { number });
        }
        return undefined;
      },
    });
  }

  /** Moves the end of a running tempban, timeout or restriction to `lastsMs` from now (see expiryChange). */
  changeExpiry(guildId: string, number: number, editorId: string, lastsMs: number): Promise<Case> {
    return this.changes.apply(expiryChange(guildId, number, editorId, lastsMs));
  }

  /** Marks case `number` as referring to the earlier case `refersTo` of the same guild. */
  async link(guildId: string, number: number, refersTo: number, editorId: string): Promise<Case> {
    if (number === refersTo) throw invalid("refers_to", "validation.case_self_reference");
    if (refersTo > number) throw invalid("refers_to", "validation.earlier_case", { number });
    return this.transaction(async () => {
      const target = await this.getByNumberOrFail(guildId, refersTo);
      const changes = { refCaseId: target.id };
      return this.changes.apply({ guildId, number, editorId, field: "refCaseId", changes });
    });
  }

  /** Discord carried out the action (see CaseSettlement.confirm). False when it was no longer pending. */
  confirmAction(caseId: number, settleNote: string | null = null): Promise<boolean> {
    return this.settlement.confirm(caseId, settleNote);
  }

  /** Discord refused the action: the case is voided (see CaseSettlement.fail). Null when not pending. */
  failAction(guildId: string, number: number, editorId: string): Promise<Case | null> {
    return this.settlement.fail(guildId, number, editorId);
  }

  /** Marks the target's open tempbans (or timeouts) done, but `exceptId`'s. */
  closeExpiries(guildId: string, targetId: string, type: ExpiringType, exceptId?: number): Promise<number> {
    return this.settlement.closeExpiries(guildId, targetId, type, exceptId);
  }

  /** Where the case's mod-log message is, so later edits change that same message. */
  setModLogMessage(caseId: number, messageId: string): Promise<Case | null> {
    return this.updateById(caseId, { modLogMessageId: messageId });
  }

  /** Settles a case a background job has dealt with (an expiry lifted or refused), with a note if any. */
  markProcessed(kase: Pick<Case, "id">, settleNote?: string): Promise<Case | null> {
    return this.updateById(kase.id, { processed: true, ...(settleNote === undefined ? {} : { settleNote }) });
  }

  /** The case as it is now, in its own guild (null once gone). */
  reload(kase: Pick<Case, "guildId" | "id">): Promise<Case | null> {
    return this.findOne({ where: { guildId: kase.guildId, id: kase.id } });
  }

  history(caseId: number): Promise<CaseEdit[]> {
    return this.edits.forCase(caseId);
  }
}
