import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Case, CaseType } from "../entities";
import { BaseController } from "./base-controller";
import { CaseController, type NewCase } from "./case-controller";

/** An action taken outside Warden, named by its audit-log entry. */
export interface OutsideCase extends Omit<NewCase, "pending" | "auditEntryId" | "refersTo"> {
  auditEntryId: string;
  /** The action ends the member's open tempbans (an unban) or timeouts (a timeout lifted or replaced). */
  closes?: CaseType.Ban | CaseType.Timeout;
}

/**
 * Records actions taken outside Warden as cases, each exactly once however many processes hear of it:
 * - an audit-log entry becomes at most one case: a lock on the entry id, then a look for its case, in the
 *   transaction that inserts (the unique index on guild + entry id holds it even without the lock);
 * - an AutoMod action (its event carries no id) is recorded unless the same record (moderator, type, what
 *   the event said) was made for the member within the window: processes hear the same event within ms,
 *   under the member's lock. The same message blocked twice within the window is one record.
 */
@service()
export class OutsideCases extends BaseController<Case> {
  private built: Readonly<Record<"byEntry" | "sameRecent", string>> | undefined;

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseController) private readonly cases: CaseController,
  ) {
    super(db, Case);
  }

  /** The new case, or null when the entry already has one. */
  recordAuditEntry(input: OutsideCase): Promise<Case | null> {
    const { closes, ...fields } = input;
    return this.transaction(async () => {
      await this.lock(`audit-entry:${input.guildId}:${input.auditEntryId}`);
      const found = await this.db.sql(this.statements.byEntry, [input.guildId, input.auditEntryId]);
      if (found.rowCount > 0) return null;
      const kase = await this.cases.createCase(fields);
      if (closes) await this.cases.closeExpiries(input.guildId, input.targetId, closes, kase.id);
      return kase;
    });
  }

  /**
   * The new case, or null when the same record (moderator, type, a reason ending in `reasonEnding`) was made
   * for the member within `withinMs`. The ending is what every process reads alike from the event.
   */
  recordUnlessRecent(input: NewCase, withinMs: number, reasonEnding: string): Promise<Case | null> {
    return this.transaction(async () => {
      // The same lock as RepeatGuard's: the member's cases are recorded one at a time.
      await this.lock(`member-cases:${input.guildId}:${input.targetId}`);
      const recent = await this.db.sql(this.statements.sameRecent, [
        input.guildId,
        input.targetId,
        input.moderatorId,
        input.type,
        reasonEnding,
        withinMs / 1000,
      ]);
      if (recent.rowCount > 0) return null;
      return this.cases.createCase(input);
    });
  }

  private get statements(): Readonly<Record<"byEntry" | "sameRecent", string>> {
    if (this.built) return this.built;
    const { table } = this.sql;
    const c = (property: keyof Case & string): string => this.sql.columnName(property);
    this.built = {
      byEntry: `SELECT 1 FROM ${table} WHERE ${c("guildId")} = $1 AND ${c("auditEntryId")} = $2`,
      sameRecent: `SELECT 1 FROM ${table} WHERE ${c("guildId")} = $1 AND ${c("targetId")} = $2
          AND ${c("moderatorId")} = $3 AND ${c("type")} = $4 AND right(coalesce(${c("reason")}, ''), length($5::text)) = $5::text
          AND ${c("createdAt")} > now() - make_interval(secs => $6) LIMIT 1`,
    };
    return this.built;
  }

  private async lock(key: string): Promise<void> {
    await this.db.sql("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
  }
}
