import { builtOnce } from "../database/built-once";
import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import { Case } from "../entities";
import { BaseController } from "./base-controller";

/** A case a background job holds for a while; only its token may settle it. */
export interface Claim {
  readonly kase: Case;
  readonly token: string;
}

/** Long enough for a Discord call with discord.js's own retries; a crashed holder's cases wait this long. */
export const CLAIM_LEASE_SECONDS = 300;
/** After the n-th failed attempt a case waits BASE · 2^(n-1) seconds, at most CAP. */
export const RETRY_BASE_SECONDS = 30;
export const RETRY_CAP_SECONDS = 3600;

/** CaseClaims' statements: claims take `$1` guild ids, `$2` limit, `$3` token (and `$4` the grace). */
interface ClaimStatements {
  claimDueExpiries: string;
  claimDueRestrictions: string;
  claimStalePending: string;
  /** `$1` case id, `$2` token. */
  release: string;
  /** `$1` case id, `$2` token, `$3` base, `$4` cap. */
  retryLater: string;
}

/**
 * The work queue of background jobs over cases (tempban expiries, pending-action reconciliation). A job
 * claims a few due cases in one short statement that stamps a lease on them, commits, does its Discord call
 * outside any transaction, then settles each case in its own short transaction guarded by the claim token:
 * a process whose lease ran out settles nothing, so each outcome is recorded once across processes.
 */
@service()
export class CaseClaims extends BaseController<Case> {
  /** The statements, from the entity's metadata (built once, after the database started). */
  private readonly claims = builtOnce(() => claimStatements(this.sql));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Case);
  }

  /** Tempbans and timeouts of these guilds whose expiry has passed and that are not yet settled. */
  claimDueExpiries(guildIds: readonly string[], limit = 25): Promise<Claim[]> {
    return this.claim(this.claims().claimDueExpiries, guildIds, limit);
  }

  /** Restrictions of these guilds whose end has passed and that are not yet lifted. */
  claimDueRestrictions(guildIds: readonly string[], limit = 25): Promise<Claim[]> {
    return this.claim(this.claims().claimDueRestrictions, guildIds, limit);
  }

  /** Pending actions of these guilds older than `graceMs` (younger ones may still be in flight). */
  claimStalePending(guildIds: readonly string[], graceMs: number, limit = 50): Promise<Claim[]> {
    return this.claim(this.claims().claimStalePending, guildIds, limit, [graceMs / 1000]);
  }

  /**
   * Releases the claim and runs `work` in the same transaction. Resolves with `work`'s result, or null
   * (and runs nothing) when the claim was lost to another process after its lease ran out.
   */
  settle<R>(claim: Claim, work: () => Promise<R>): Promise<{ value: R } | null> {
    return this.transaction(async () => {
      const released = await this.db.sql(this.claims().release, [claim.kase.id, claim.token]);
      if (released.rowCount === 0) return null;
      return { value: await work() };
    });
  }

  /** A transient failure: one more attempt counted, the next one backed off. Null when the claim was lost. */
  async retryLater(claim: Claim): Promise<Date | null> {
    const result = await this.db.sql<{ next_attempt_at: Date }>(this.claims().retryLater, [
      claim.kase.id,
      claim.token,
      RETRY_BASE_SECONDS,
      RETRY_CAP_SECONDS,
    ]);
    return result.rows[0]?.next_attempt_at ?? null;
  }

  private async claim(
    statement: string,
    guildIds: readonly string[],
    limit: number,
    extra: unknown[] = [],
  ): Promise<Claim[]> {
    // The lease must be committed before any Discord call, so a claim never joins a caller's transaction.
    if (this.db.inTransaction) throw new Error("claims commit at once: call them outside a transaction");
    if (guildIds.length === 0) return [];
    const token = randomUUID();
    const result = await this.db.sql<Record<string, unknown>>(statement, [guildIds, limit, token, ...extra]);
    return result.rows.map((row) => ({ kase: this.sql.hydrate(row), token }));
  }
}

function claimStatements(cases: EntitySql<Case>): ClaimStatements {
  const { table } = cases;
  const c = (property: keyof Case & string): string => cases.columnName(property);
  const [id, claimToken, claimedUntil, nextAttemptAt] = [
    c("id"),
    c("claimToken"),
    c("claimedUntil"),
    c("nextAttemptAt"),
  ];
  const claim = (condition: string, orderBy: string): string => `WITH due AS (
         SELECT ${id} FROM ${table}
          WHERE ${condition} AND ${c("guildId")} = ANY($1::bigint[])
            AND (${claimedUntil} IS NULL OR ${claimedUntil} < now())
            AND (${nextAttemptAt} IS NULL OR ${nextAttemptAt} <= now())
          ORDER BY ${orderBy} LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE ${table}
          SET ${claimToken} = $3, ${claimedUntil} = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
        WHERE ${id} IN (SELECT ${id} FROM due)
       RETURNING ${cases.selectList}`;
  const attempts = c("attempts");
  const due = `${c("expiresAt")} <= now() AND NOT ${c("processed")} AND NOT ${c("voided")} AND NOT ${c("pending")}`;
  return {
    claimDueExpiries: claim(`${due} AND ${c("type")} IN ('ban', 'timeout')`, c("expiresAt")),
    claimDueRestrictions: claim(`${due} AND ${c("type")} = 'restrict'`, c("expiresAt")),
    claimStalePending: claim(`${c("pending")} AND ${c("createdAt")} < now() - make_interval(secs => $4)`, id),
    release: `UPDATE ${table} SET ${claimToken} = NULL, ${claimedUntil} = NULL, ${nextAttemptAt} = NULL
          WHERE ${id} = $1 AND ${claimToken} = $2`,
    retryLater: `UPDATE ${table}
          SET ${attempts} = ${attempts} + 1, ${claimToken} = NULL, ${claimedUntil} = NULL,
              ${nextAttemptAt} = now() + make_interval(secs => least($4, $3 * power(2, least(${attempts}, 20))))
        WHERE ${id} = $1 AND ${claimToken} = $2
        RETURNING ${nextAttemptAt} AS next_attempt_at`,
  };
}
