import type { DataSource, ObjectLiteral } from "typeorm";
import { LedgerEntry, type LedgerKind } from "../entities/ledger-entry";
import { MemberBalance } from "../entities/member-balance";
import { EntitySql } from "../database/entity-sql";

/** A member and their points, as the ranking statements read them. */
export interface Holder {
  userId: string;
  balance: bigint;
}

export interface EconomyStats {
  /** Members holding at least one point. */
  members: number;
  /** Points held by all members together. */
  total: bigint;
  top: Holder[];
}

/** Where a leaderboard page starts: the top, after a holder (next page) or before one (previous page). */
export type RankAnchor = { after: Holder } | { before: Holder } | null;

export interface RankPage {
  holders: Holder[];
  /** Whether more holders lie beyond the page in the direction it was read. */
  more: boolean;
}

/** What EconomySql's credit, debit and set take: $1 guild … $7 actor. */
export type LedgerChange = [
  guildId: string,
  userId: string,
  amount: bigint,
  kind: LedgerKind,
  delta: bigint,
  reason: string | null,
  actorId: string | null,
];

/**
 * The statements EconomyController sends, with table and column names from the entities' metadata (a
 * renamed property breaks the build). The bench repeats the transfer by hand (bench/lib/transfer-by-hand.ts).
 */
export class EconomySql {
  /** `$1` guild, `$2` user: one member's balance. */
  readonly balance: string;
  /** Transfers: creates both rows if missing and locks them, in the order given (user id order). */
  readonly transferLock: string;
  /** Transfers: debits $2, credits $4 by $3 and writes both ledger rows with the balance after. */
  readonly transferMove: string;
  /** Adds $3 to a balance (creating it) and writes the ledger row ($4 kind, $5 delta, $6 reason, $7 actor). */
  readonly credit: string;
  /** Takes $3 from a balance that holds at least that much, and writes the ledger row. */
  readonly debit: string;
  /** Creates the balance if missing and locks it; returns the balance before a set. */
  readonly lockOne: string;
  /** Sets a balance to $3 and writes the ledger row. */
  readonly set: string;
  /** `$1` guild: members holding points and the points they hold together. */
  readonly totals: string;

  private readonly table: string;
  private readonly b: Readonly<Record<"guildId" | "userId" | "balance" | "updatedAt", string>>;

  constructor(balances: EntitySql<MemberBalance>, ledger: EntitySql<LedgerEntry>) {
    const b = columns(balances, ["guildId", "userId", "balance", "updatedAt"]);
    const l = columns(ledger, ["guildId", "userId", "kind", "delta", "balanceAfter", "reason", "actorId"]);
    const table = balances.table;
    this.b = b;
    this.table = table;
    const ledgerInsert = `INSERT INTO ${ledger.table} (${l.guildId}, ${l.userId}, ${l.kind}, ${l.delta}, ${l.balanceAfter}, ${l.reason}, ${l.actorId})`;
    /** Appends one ledger row per changed balance (`changed` yields user_id and balance). */
    const ledgerFrom = (changed: string): string =>
      `${ledgerInsert}
       SELECT $1::bigint, ${b.userId}, $4::varchar, $5::bigint, ${b.balance}, $6::varchar, $7::bigint FROM ${changed}
       RETURNING ${l.balanceAfter} AS balance_after`;
    const key = `${b.guildId}, ${b.userId}`;
    this.balance = `SELECT ${b.balance} AS balance FROM ${table} WHERE ${b.guildId} = $1 AND ${b.userId} = $2`;
    this.transferLock = `INSERT INTO ${table} (${key}) VALUES ($1, $2), ($1, $3)
      ON CONFLICT (${key}) DO UPDATE SET ${b.balance} = ${table}.${b.balance}
      RETURNING ${b.userId} AS user_id, ${b.balance} AS balance`;
    this.transferMove = `WITH moved AS (
        UPDATE ${table}
        SET ${b.balance} = ${b.balance} + CASE WHEN ${b.userId} = $2 THEN -$3::bigint ELSE $3::bigint END, ${b.updatedAt} = now()
        WHERE ${b.guildId} = $1 AND ${b.userId} IN ($2, $4) RETURNING ${b.userId}, ${b.balance})
      ${ledgerInsert}
      SELECT $1, ${b.userId}, CASE WHEN ${b.userId} = $2 THEN 'transfer_out' ELSE 'transfer_in' END,
             CASE WHEN ${b.userId} = $2 THEN -$3::bigint ELSE $3::bigint END, ${b.balance}, $5, $2
      FROM moved RETURNING ${l.userId} AS user_id, ${l.balanceAfter} AS balance_after`;
    this.credit = `WITH changed AS (
        INSERT INTO ${table} (${key}, ${b.balance}) VALUES ($1, $2, $3)
        ON CONFLICT (${key})
        DO UPDATE SET ${b.balance} = ${table}.${b.balance} + EXCLUDED.${b.balance}, ${b.updatedAt} = now()
        RETURNING ${b.userId}, ${b.balance})
      ${ledgerFrom("changed")}`;
    this.debit = `WITH changed AS (
        UPDATE ${table} SET ${b.balance} = ${b.balance} + $5::bigint, ${b.updatedAt} = now()
        WHERE ${b.guildId} = $1 AND ${b.userId} = $2 AND ${b.balance} >= $3::bigint RETURNING ${b.userId}, ${b.balance})
      ${ledgerFrom("changed")}`;
    this.lockOne = `INSERT INTO ${table} (${key}) VALUES ($1, $2)
      ON CONFLICT (${key}) DO UPDATE SET ${b.balance} = ${table}.${b.balance} RETURNING ${b.balance} AS balance`;
    this.set = `WITH changed AS (
        UPDATE ${table} SET ${b.balance} = $3::bigint, ${b.updatedAt} = now()
        WHERE ${b.guildId} = $1 AND ${b.userId} = $2 RETURNING ${b.userId}, ${b.balance})
      ${ledgerFrom("changed")}`;
    this.totals = `SELECT count(*)::int AS members, coalesce(sum(${b.balance}), 0)::text AS total
      FROM ${table} WHERE ${b.guildId} = $1 AND ${b.balance} > 0`;
  }

  /**
   * One keyset page of holders with points, richest first (user id breaks ties): `$1` guild, `$2` limit,
   * `$3`/`$4` the balance and user id of the holder it starts beyond, read backwards for a previous page.
   */
  page(anchored: boolean, backwards: boolean): string {
    const { b } = this;
    const beyond = backwards
      ? `AND (${b.balance} > $3::bigint OR (${b.balance} = $3::bigint AND ${b.userId} < $4::bigint))`
      : `AND (${b.balance} < $3::bigint OR (${b.balance} = $3::bigint AND ${b.userId} > $4::bigint))`;
    return `SELECT ${b.userId} AS user_id, ${b.balance} AS balance FROM ${this.table}
      WHERE ${b.guildId} = $1 AND ${b.balance} > 0 ${anchored ? beyond : ""}
      ORDER BY ${b.balance} ${backwards ? "ASC" : "DESC"}, ${b.userId} ${backwards ? "DESC" : "ASC"}
      LIMIT $2`;
  }
}

/** Quoted column names by property, for hand-written SQL. */
function columns<T extends ObjectLiteral, K extends keyof T & string>(
  sql: EntitySql<T>,
  properties: readonly K[],
): Readonly<Record<K, string>> {
  return Object.fromEntries(properties.map((property) => [property, sql.columnName(property)])) as Record<
    K,
    string
  >;
}

/** The economy's statements for a started data source (metadata is read from it). */
export function economySql(source: DataSource): EconomySql {
  return new EconomySql(
    new EntitySql(source, source.getMetadata(MemberBalance)),
    new EntitySql(source, source.getMetadata(LedgerEntry)),
  );
}
