import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberBalance } from "../entities/member-balance";
import type { LedgerKind } from "../entities/ledger-entry";
import { UserError } from "../errors/user-error";
import { BaseController } from "./base-controller";
import { CooldownController } from "./cooldown-controller";
import {
  economySql,
  type EconomyStats,
  type Holder,
  type LedgerChange,
  type RankAnchor,
  type RankPage,
} from "./economy-sql";
import { GuildConfigController } from "./guild-config-controller";

export const DAILY_COOLDOWN_SECONDS = 24 * 60 * 60;
/** Serialization failures and deadlocks are retried this many times before anything reaches a user. */
const RETRIES = 5;
const MAX_PAGE = 25;

export type DailyClaim =
  { claimed: true; reward: bigint; balance: bigint } | { claimed: false; retryAt: Date };
export type { EconomyStats, Holder, RankAnchor, RankPage };

/**
 * Points per member of a guild. Every change writes a ledger row with the balance after it, in the same
 * statement or transaction, so the ledger explains every balance. Amounts are `bigint`; the entities and the
 * driver carry BIGINT as strings. Rankings read richest first, the user id breaking ties.
 */
@service()
export class EconomyController extends BaseController<MemberBalance> {
  /** The statements, built from the entities' metadata once the database has started. */
  private readonly q = builtOnce(() => economySql(this.db.dataSource));

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(CooldownController) private readonly cooldowns: CooldownController,
  ) {
    super(db, MemberBalance);
  }

  async balance(guildId: string, userId: string): Promise<bigint> {
    const result = await this.db.sql<{ balance: string }>(this.q().balance, [guildId, userId]);
    return BigInt(result.rows[0]?.balance ?? 0);
  }

  /** Refuses an amount outside 1..the guild's maximum (`min` 0 for a set). */
  async checkAmount(guildId: string, amount: bigint, min = 1n): Promise<void> {
    const max = BigInt((await this.configs.get(guildId)).maxAmount);
    if (amount < min || amount > max) {
      throw new UserError("economy.bad_amount", { min: Number(min), max: Number(max) });
    }
  }

  /**
   * Moves points between two members in one transaction. Both rows are created if missing and locked by one
   * upsert in user id order, so two transfers between the same members in opposite directions queue up
   * instead of deadlocking.
   */
  async transfer(
    guildId: string,
    fromId: string,
    toId: string,
    amount: bigint,
    reason: string | null = null,
  ): Promise<{ from: bigint; to: bigint }> {
    if (fromId === toId) throw new UserError("economy.self_transfer");
    await this.checkAmount(guildId, amount);
    const ordered = BigInt(fromId) < BigInt(toId) ? [fromId, toId] : [toId, fromId];
    return this.db.transaction(
      async () => {
        const locked = await this.db.sql<{ user_id: string; balance: string }>(this.q().transferLock, [
          guildId,
          ...ordered,
        ]);
        const have = BigInt(locked.rows.find((row) => row.user_id === fromId)?.balance ?? 0);
        if (have < amount) {
          throw new UserError("economy.insufficient", { balance: Number(have), amount: Number(amount) });
        }
        const moved = await this.db.sql<{ user_id: string; balance_after: string }>(this.q().transferMove, [
          guildId,
          fromId,
          amount.toString(),
          toId,
          reason,
        ]);
        const after = (id: string): bigint =>
          BigInt(moved.rows.find((row) => row.user_id === id)?.balance_after ?? 0);
        return { from: after(fromId), to: after(toId) };
      },
      { retries: RETRIES },
    );
  }

  /** The guild's daily reward, once per 24 hours: the cooldown is taken in the same transaction. */
  async daily(guildId: string, userId: string): Promise<DailyClaim> {
    const reward = BigInt((await this.configs.get(guildId)).dailyReward);
    return this.db.transaction(
      async () => {
        const cooldown = await this.cooldowns.take(guildId, userId, "daily", DAILY_COOLDOWN_SECONDS);
        if (!cooldown.taken) return { claimed: false, retryAt: cooldown.retryAt };
        const balance = await this.credit(guildId, userId, reward, "daily", null, null);
        return { claimed: true, reward, balance };
      },
      { retries: RETRIES },
    );
  }

  async add(
    guildId: string,
    userId: string,
    amount: bigint,
    actorId: string,
    reason: string,
  ): Promise<bigint> {
    await this.checkAmount(guildId, amount);
    return this.credit(guildId, userId, amount, "admin_add", reason, actorId);
  }

  /** Takes points away; refuses to go below zero rather than clamping silently. */
  async remove(
    guildId: string,
    userId: string,
    amount: bigint,
    actorId: string,
    reason: string,
  ): Promise<bigint> {
    await this.checkAmount(guildId, amount);
    const change: LedgerChange = [guildId, userId, amount, "admin_remove", -amount, reason, actorId];
    const after = await this.ledgered(this.q().debit, change);
    if (after !== null) return after;
    const have = await this.balance(guildId, userId);
    throw new UserError("economy.insufficient_remove", { balance: Number(have), amount: Number(amount) });
  }

  /** Sets a balance outright; the ledger records the difference. */
  async set(
    guildId: string,
    userId: string,
    amount: bigint,
    actorId: string,
    reason: string,
  ): Promise<bigint> {
    await this.checkAmount(guildId, amount, 0n);
    return this.db.transaction(
      async () => {
        const locked = await this.db.sql<{ balance: string }>(this.q().lockOne, [guildId, userId]);
        const before = BigInt(locked.rows[0]?.balance ?? 0);
        const delta = amount - before;
        const change: LedgerChange = [guildId, userId, amount, "admin_set", delta, reason, actorId];
        return (await this.ledgered(this.q().set, change)) ?? amount;
      },
      { retries: RETRIES },
    );
  }

  /** Members with points, the points they hold together, and the `topCount` richest. */
  stats(guildId: string, topCount = 5): Promise<EconomyStats> {
    return this.db.readFromReplica(() => this.statsNow(guildId, topCount));
  }

  private async statsNow(guildId: string, topCount: number): Promise<EconomyStats> {
    const totals = await this.db.sql<{ members: number; total: string }>(this.q().totals, [guildId]);
    const top = await this.rankPage(guildId, null, Math.min(topCount, MAX_PAGE));
    return {
      members: totals.rows[0]?.members ?? 0,
      total: BigInt(totals.rows[0]?.total ?? 0),
      top: top.holders,
    };
  }

  /** One keyset page of holders with points, richest first; a `before` page is read backwards and turned round. */
  async rankPage(guildId: string, anchor: RankAnchor, limit: number): Promise<RankPage> {
    const size = Math.max(1, Math.min(limit, MAX_PAGE));
    const backwards = anchor !== null && "before" in anchor;
    const mark = anchor === null ? null : "after" in anchor ? anchor.after : anchor.before;
    const result = await this.db.readFromReplica(() =>
      this.db.sql<{ user_id: string; balance: string }>(
        this.q().page(mark !== null, backwards),
        mark ? [guildId, size + 1, mark.balance.toString(), mark.userId] : [guildId, size + 1],
      ),
    );
    const rows = result.rows
      .slice(0, size)
      .map((row): Holder => ({ userId: row.user_id, balance: BigInt(row.balance) }));
    return { holders: backwards ? rows.reverse() : rows, more: result.rows.length > size };
  }

  /** Adds points to a balance (creating it) and writes the ledger row, in one statement. */
  private async credit(
    guildId: string,
    userId: string,
    amount: bigint,
    kind: LedgerKind,
    reason: string | null,
    actorId: string | null,
  ): Promise<bigint> {
    return (
      (await this.ledgered(this.q().credit, [guildId, userId, amount, kind, amount, reason, actorId])) ?? 0n
    );
  }

  /** Runs one of the statements that change a balance and write its ledger row; the balance after, if any. */
  private async ledgered(statement: string, change: LedgerChange): Promise<bigint | null> {
    const params = change.map((value) => (typeof value === "bigint" ? value.toString() : value));
    const result = await this.db.sql<{ balance_after: string }>(statement, params);
    const row = result.rows[0];
    return row ? BigInt(row.balance_after) : null;
  }
}
