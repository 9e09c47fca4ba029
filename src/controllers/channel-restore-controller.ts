import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { IsNull } from "typeorm";
import { builtOnce } from "../database/built-once";
import { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import {
  ChannelRestore,
  type ChannelRestoreKind,
  type ChannelRestoreOrigin,
} from "../entities/channel-restore";
import { service } from "../service";
import { BaseController } from "./base-controller";
import { CLAIM_LEASE_SECONDS, RETRY_BASE_SECONDS, RETRY_CAP_SECONDS } from "./case-claims";

/** A restore a process holds for a while; only its token may settle it. */
export interface RestoreClaim {
  readonly row: ChannelRestore;
  readonly token: string;
}

export type NewRestore = Pick<
  ChannelRestore,
  "guildId" | "channelId" | "kind" | "moderatorId" | "expiresAt"
> &
  Partial<Pick<ChannelRestore, "previousSlowmode" | "previousAllow" | "previousDeny" | "origin">>;

interface Statements {
  /** `$1` guild ids, `$2` limit, `$3` token. */
  claimDue: string;
  /** `$1` guild, `$2` channel, `$3` kind, `$4` origin or null, `$5` token: any row not held by a live lease. */
  claimOne: string;
  /** `$1`–`$8` the row's guild, channel, kind, allow, deny, moderator, expiry, origin; `$9` token. */
  insertHeld: string;
  /** `$1` id, `$2` token. */
  remove: string;
  release: string;
  unschedule: string;
  /** `$1` id, `$2` token, `$3` base, `$4` cap. */
  retryLater: string;
}

/**
 * The settings Warden will put back (a timed slowmode, a lock): written before Discord is changed,
 * claimed with a lease before it is put back, removed in the same short transaction that confirms it, so
 * a restore runs once across processes and survives restarts. No Discord call happens in here.
 */
@service()
export class ChannelRestoreController extends BaseController<ChannelRestore> {
  private readonly statements = builtOnce(() => restoreStatements(this.sql));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, ChannelRestore);
  }

  find(guildId: string, channelId: string, kind: ChannelRestoreKind): Promise<ChannelRestore | null> {
    return this.findOne({ where: { guildId, channelId, kind } });
  }

  /** A new row (a ConflictError when the channel already has one of that kind). */
  add(row: NewRestore): Promise<ChannelRestore> {
    return this.create(row);
  }

  /** The row for a timed change: a second change keeps the first previous value and moves the time. */
  async schedule(row: NewRestore): Promise<ChannelRestore> {
    const [stored] = await this.upsert(
      { ...row, attempts: 0, nextAttemptAt: null },
      ["guildId", "channelId", "kind"],
      {
        update: ["expiresAt", "moderatorId", "attempts", "nextAttemptAt"],
      },
    );
    if (!stored) throw new Error("upsert returned no row");
    return stored;
  }

  /**
   * Gives the restorer a lock `origin` left in place to undo after `delayMs` (a raid's unlock that failed):
   * it is then retried, backed off or reported like any timed lock. False when there is no such lock.
   */
  async retryUnlock(
    guildId: string,
    channelId: string,
    origin: ChannelRestoreOrigin,
    delayMs: number,
  ): Promise<boolean> {
    const c = (property: keyof ChannelRestore & string): string => this.sql.columnName(property);
    const scheduled = await this.db.sql(
      `UPDATE ${this.sql.table} SET ${c("expiresAt")} = now() + $4 * interval '1 millisecond'
        WHERE ${c("guildId")} = $1 AND ${c("channelId")} = $2 AND ${c("kind")} = 'lock'
          AND ${c("origin")} = $3 AND ${c("expiresAt")} IS NULL`,
      [guildId, channelId, origin, delayMs],
    );
    return (scheduled.rowCount ?? 0) > 0;
  }

  async forget(guildId: string, channelId: string, kind: ChannelRestoreKind): Promise<void> {
    await this.deleteWhere({ guildId, channelId, kind });
  }

  /** Drops the row `schedule` returned, unless a later timed change has moved it since. */
  async forgetScheduled(row: ChannelRestore): Promise<void> {
    await this.deleteWhere({ guildId: row.guildId, id: row.id, expiresAt: row.expiresAt ?? IsNull() });
  }

  /**
   * A new lock row, held by the returned claim while Discord is changed (no unlock or restorer takes it
   * meanwhile); null when the channel already has one.
   */
  async addHeld(row: NewRestore): Promise<RestoreClaim | null> {
    const params = [
      row.guildId,
      row.channelId,
      row.kind,
      row.previousAllow ?? null,
      row.previousDeny ?? null,
    ];
    const made = [row.moderatorId, row.expiresAt, row.origin ?? "command"];
    return (await this.claim(this.statements().insertHeld, [...params, ...made]))[0] ?? null;
  }

  claimDue(guildIds: readonly string[], limit = 25): Promise<RestoreClaim[]> {
    if (guildIds.length === 0) return Promise.resolve([]);
    return this.claim(this.statements().claimDue, [guildIds, limit]);
  }

  /**
   * The channel's row of that kind (made by `origin` when given), held for a manual restore; null when
   * there is none or it is held.
   */
  async claimOne(
    guildId: string,
    channelId: string,
    kind: ChannelRestoreKind,
    origin: ChannelRestoreOrigin | null = null,
  ): Promise<RestoreClaim | null> {
    const params = [guildId, channelId, kind, origin];
    return (await this.claim(this.statements().claimOne, params))[0] ?? null;
  }

  /** Removes the row (the setting is back) and runs `work` in that transaction; null when the claim was lost. */
  settle<R>(claim: RestoreClaim, work: () => Promise<R>): Promise<{ value: R } | null> {
    return this.transaction(async () => {
      const removed = await this.db.sql(this.statements().remove, [claim.row.id, claim.token]);
      if (removed.rowCount === 0) return null;
      return { value: await work() };
    });
  }

  /** Gives the row back untouched (a manual restore Discord refused). */
  async release(claim: RestoreClaim): Promise<void> {
    await this.db.sql(this.statements().release, [claim.row.id, claim.token]);
  }

  /** Discord refuses for good: the row stays for a manual restore, but the scheduler stops trying. */
  async unschedule(claim: RestoreClaim): Promise<boolean> {
    return ((await this.db.sql(this.statements().unschedule, [claim.row.id, claim.token])).rowCount ?? 0) > 0;
  }

  async retryLater(claim: RestoreClaim): Promise<void> {
    await this.db.sql(this.statements().retryLater, [
      claim.row.id,
      claim.token,
      RETRY_BASE_SECONDS,
      RETRY_CAP_SECONDS,
    ]);
  }

  private async claim(statement: string, params: unknown[]): Promise<RestoreClaim[]> {
    if (this.db.inTransaction) throw new Error("claims commit at once: call them outside a transaction");
    const token = randomUUID();
    const result = await this.db.sql<Record<string, unknown>>(statement, [...params, token]);
    return result.rows.map((row) => ({ row: this.sql.hydrate(row), token }));
  }
}

function restoreStatements(rows: EntitySql<ChannelRestore>): Statements {
  const { table } = rows;
  const c = (property: keyof ChannelRestore & string): string => rows.columnName(property);
  const free = `(${c("claimedUntil")} IS NULL OR ${c("claimedUntil")} < now())`;
  const lease = `${c("claimToken")} = TOKEN, ${c("claimedUntil")} = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})`;
  const claim = (condition: string, token: string, limit: string): string => `WITH due AS (
         SELECT ${c("id")} FROM ${table} WHERE ${condition} AND ${free}
          ORDER BY ${c("id")} LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       UPDATE ${table} SET ${lease.replace("TOKEN", token)}
        WHERE ${c("id")} IN (SELECT ${c("id")} FROM due)
       RETURNING ${rows.selectList}`;
  const held = `${c("id")} = $1 AND ${c("claimToken")} = $2`;
  const unclaimed = `${c("claimToken")} = NULL, ${c("claimedUntil")} = NULL`;
  return {
    claimDue: claim(
      `${c("expiresAt")} <= now() AND ${c("guildId")} = ANY($1::bigint[]) ` +
        `AND (${c("nextAttemptAt")} IS NULL OR ${c("nextAttemptAt")} <= now())`,
      "$3",
      "$2",
    ),
    claimOne: claim(
      `${c("guildId")} = $1 AND ${c("channelId")} = $2 AND ${c("kind")} = $3 ` +
        `AND ($4::varchar IS NULL OR ${c("origin")} = $4)`,
      "$5",
      "1",
    ),
    insertHeld: `INSERT INTO ${table} (${c("guildId")}, ${c("channelId")}, ${c("kind")}, ${c("previousAllow")},
         ${c("previousDeny")}, ${c("moderatorId")}, ${c("expiresAt")}, ${c("origin")}, ${c("claimToken")},
         ${c("claimedUntil")})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(secs => ${CLAIM_LEASE_SECONDS}))
       ON CONFLICT (${c("guildId")}, ${c("channelId")}, ${c("kind")}) DO NOTHING
       RETURNING ${rows.selectList}`,
    remove: `DELETE FROM ${table} WHERE ${held}`,
    release: `UPDATE ${table} SET ${unclaimed} WHERE ${held}`,
    unschedule: `UPDATE ${table} SET ${unclaimed}, ${c("expiresAt")} = NULL WHERE ${held}`,
    retryLater: `UPDATE ${table}
          SET ${c("attempts")} = ${c("attempts")} + 1, ${unclaimed},
              ${c("nextAttemptAt")} = now() + make_interval(secs => least($4, $3 * power(2, least(${c("attempts")}, 20))))
        WHERE ${held}`,
  };
}
