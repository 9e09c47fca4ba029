import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Case, CaseType } from "../entities";
import { ReadAfterCommitError, SavedNumberUnknownError } from "../errors/database-errors";
import type { StatementRunner } from "../database/database-service";
import { builtOnce } from "../database/built-once";
import { BaseController } from "./base-controller";
import { CaseController, type NewCase, type RecordedAction, type RepeatedCase } from "./case-controller";

/** Reading a committed case's number failed: the case rides along to the error the caller sees. */
class CaseReadFailure extends Error {
  constructor(
    readonly kase: Case,
    cause: unknown,
  ) {
    super(`reading the number of case ${kase.id} failed`, { cause });
  }
}

export type { RecordedAction };

/** Work of an action's own that belongs in the transaction recording its case, under the member's lock. */
export interface RecordAlongside {
  /** Runs before anything is recorded: a refusal only the member's current cases can tell. */
  check?(): Promise<void>;
  /** Runs once the case is inserted, in the same transaction. */
  record?(kase: Case): Promise<void>;
}

/**
 * Takes the member's case lock until the caller's transaction ends: whoever records cases on one member
 * (moderators, Warden's automod) does so one at a time, in any process.
 */
export async function lockMemberCases(db: DatabaseService, guildId: string, targetId: string): Promise<void> {
  await db.sql("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
    `member-cases:${guildId}:${targetId}`,
  ]);
}

/** Actions whose reason is what makes them what they are: only the same reason repeats them. */
const SAME_REASON_REPEATS: ReadonlySet<CaseType> = new Set([CaseType.Warn, CaseType.Note]);
/** Actions whose duration matters: a different one is a different action (a correction), not a retry. */
const SAME_DURATION_REPEATS: ReadonlySet<CaseType> = new Set([CaseType.Timeout, CaseType.Ban]);
/** Two durations asked for a few seconds apart are the same duration. */
const DURATION_TOLERANCE_SECONDS = 5;

/**
 * Records cases on a member one at a time (an advisory lock on guild + member, taken in the transaction
 * that inserts), so a check-then-insert holds across processes:
 * - a moderator's action repeats the member's newest case when that case has the same type (and, for
 *   warnings and notes, the same reason; for timeouts and bans, the same duration) and is still pending or
 *   younger than the window: a retry after an outage, or two moderators at once, records it once;
 * - a ban made outside Warden is recorded unless Warden recorded a ban of that member just before (its
 *   own ban, whose gateway event arrives after its case).
 */
@service()
export class RepeatGuard extends BaseController<Case> {
  /** `$1` guild, `$2` target, `$3` seconds: a ban of the member recorded that recently. */
  private readonly recentBan = builtOnce(() => {
    const c = (property: keyof Case & string): string => this.sql.columnName(property);
    return `SELECT 1 FROM ${this.sql.table} WHERE ${c("guildId")} = $1 AND ${c("targetId")} = $2
        AND ${c("type")} IN ('ban', 'softban') AND NOT ${c("voided")}
        AND ${c("createdAt")} > now() - make_interval(secs => $3) LIMIT 1`;
  });

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CaseController) private readonly cases: CaseController,
  ) {
    super(db, Case);
  }

  async recordAction(
    input: NewCase,
    windowMs: number,
    alongside: RecordAlongside = {},
  ): Promise<RecordedAction> {
    const record = async (): Promise<RecordedAction> => {
      await this.lockMember(input.guildId, input.targetId);
      await alongside.check?.();
      const recorded = await this.cases.recordUnlessRepeated(
        input,
        this.repeatedCase(input, windowMs),
        numberAtCommit ? "at-commit" : "now",
      );
      if ("created" in recorded) await alongside.record?.(recorded.created);
      return recorded;
    };
    // A settled case (a warning, a note) whose number nothing needs before the commit, which is this
    // transaction's own: numbered there. A pending action needs its number for Discord's audit reason.
    const numberAtCommit = !alongside.record && !input.pending && !this.db.inTransaction;
    if (!numberAtCommit) return this.transaction(record);
    try {
      return await this.db.transactionThenRead(record, async (recorded, sql) => {
        if ("created" in recorded) await this.readNumber(recorded.created, sql);
      });
    } catch (error) {
      // However reading the number failed (an outage, a timeout), the case is saved for certain.
      if (error instanceof ReadAfterCommitError && error.cause instanceof CaseReadFailure)
        throw new SavedNumberUnknownError(error.cause.kase, { cause: error.cause.cause });
      throw error;
    }
  }

  private async readNumber(kase: Case, sql: StatementRunner): Promise<void> {
    let found: boolean;
    try {
      found = await this.cases.readNumberAfterCommit(kase, sql);
    } catch (error) {
      throw new CaseReadFailure(kase, error);
    }
    // Committed and acknowledged, yet gone (deleted at once, or a failover to a lagging replica lost the
    // commit): still told as saved, never as "try again"; the announcement then finds it gone.
    if (!found)
      throw new CaseReadFailure(kase, new Error(`case ${kase.id} was committed but is not there to read`));
  }

  recordExternalBan(input: Omit<NewCase, "type" | "pending">, withinMs: number): Promise<Case | null> {
    return this.transaction(async () => {
      await this.lockMember(input.guildId, input.targetId);
      const recent = await this.db.sql(this.recentBan(), [input.guildId, input.targetId, withinMs / 1000]);
      if (recent.rowCount > 0) return null;
      const ban = await this.cases.createCase({ ...input, type: CaseType.Ban });
      // The newest ban decides: an earlier tempban's expiry must not lift this one.
      await this.cases.closeExpiries(input.guildId, input.targetId, CaseType.Ban, ban.id);
      return ban;
    });
  }

  /**
   * The member's newest case when the new one repeats it: same type, still pending or younger than the
   * window, and (warnings, notes) the same reason or (timeouts, bans) a duration within the tolerance. Both
   * durations subtract the server's clock from an expiry set by the bot's, so any skew cancels out.
   */
  private repeatedCase(input: NewCase, windowMs: number): RepeatedCase {
    return (params) => {
      const param = (value: unknown): string => {
        params.push(value);
        return `$${params.length}`;
      };
      const { table, selectList } = this.sql;
      const c = (property: keyof Case & string): string => this.sql.columnName(property);
      const [created, expires] = [c("createdAt"), c("expiresAt")];
      const conditions = [
        `(${c("pending")} OR ${created} > now() - make_interval(secs => ${param(windowMs / 1000)}))`,
        `${c("type")} = ${param(input.type)}`,
      ];
      if (SAME_REASON_REPEATS.has(input.type))
        conditions.push(`${c("reason")} IS NOT DISTINCT FROM ${param(input.reason ?? null)}::text`);
      if (SAME_DURATION_REPEATS.has(input.type)) {
        const lasted = `extract(epoch FROM ${expires} - ${created})::float8`;
        const asked =
          input.lastsMs != null
            ? `${param(input.lastsMs / 1000)}::float8`
            : `extract(epoch FROM ${param(input.expiresAt ?? null)}::timestamptz - now())::float8`;
        conditions.push(`CASE WHEN ${lasted} IS NULL OR ${asked} IS NULL
            THEN ${lasted} IS NULL AND ${asked} IS NULL
            ELSE abs(${lasted} - ${asked}) <= ${DURATION_TOLERANCE_SECONDS} END`);
      }
      return `newest AS (SELECT * FROM ${table}
          WHERE ${c("guildId")} = $1 AND ${c("targetId")} = ${param(input.targetId)} AND NOT ${c("voided")}
          ORDER BY ${c("number")} DESC LIMIT 1),
        repeated AS (SELECT ${selectList} FROM newest WHERE ${conditions.join(" AND ")})`;
    };
  }

  private lockMember(guildId: string, targetId: string): Promise<void> {
    return lockMemberCases(this.db, guildId, targetId);
  }
}
