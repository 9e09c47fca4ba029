import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberBalance } from "../entities/member-balance";
import type { LedgerKind } from "../entities/ledger-entry";
import { LegacyUserError } from "../errors/user-error";
import { BaseController } from "./base-controller";
import { CooldownController } from "./cooldown-controller";
import { LEDGER_FROM, TRANSFER_LOCK, TRANSFER_MOVE } from "./economy-sql";
import { GuildConfigController } from "./guild-config-controller";

export const DAILY_COOLDOWN_SECONDS = 24 * 60 * 60;
/** Serialization failures and deadlocks are retried this many times before anything reaches a user. */
const RETRIES = 5;

export interface Holder {
  userId: string;
  balance: bigint;
}
export type DailyClaim =
  { claimed: true; reward: bigint; balance: bigint } | { claimed: false; retryAt: Date };

/**
 * Points per member of a guild. Every change writes a ledger row with the balance after it, in the same
 * statement or transaction, so the ledger explains every balance. Amounts are `bigint`; the entities and the
 * driver carry BIGINT as strings.
 */
@service()
export class EconomyController extends BaseController<MemberBalance> {
  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(CooldownController) private readonly cooldowns: CooldownController,
  ) {
    super(db, MemberBalance);
  }

  async balance(guildId: string, userId: string): Promise<bigint> {
    const result = await this.db.sql<{ balance: string }>(
      "SELECT balance FROM member_balances WHERE guild_id = $1 AND user_id = $2",
      [guildId, userId],
    );
    return BigInt(result.rows[0]?.balance ?? 0);
  }

  /** Refuses an amount outside 1..the guild's maximum (`min` 0 for a set). */
  async checkAmount(guildId: string, amount: bigint, min = 1n): Promise<void> {
    const max = BigInt((await this.configs.get(guildId)).maxAmount);
    if (amount < min || amount > max) {
      throw new LegacyUserError("BadAmount", `The amount must be a whole number from ${min} to ${max}.`, {
        amount: amount.toString(),
      });
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
    if (fromId === toId) throw new LegacyUserError("SelfTransfer", "You cannot give points to yourself.");
    await this.checkAmount(guildId, amount);
    const ordered = BigInt(fromId) < BigInt(toId) ? [fromId, toId] : [toId, fromId];
    return this.db.transaction(
      async () => {
        const locked = await this.db.sql<{ user_id: string; balance: string }>(TRANSFER_LOCK, [
          guildId,
          ...ordered,
        ]);
        const have = BigInt(locked.rows.find((row) => row.user_id === fromId)?.balance ?? 0);
        if (have < amount) {
          throw new LegacyUserError(
            "InsufficientBalance",
            `You have ${have} points; you cannot give ${amount}.`,
            {
              balance: have.toString(),
            },
          );
        }
        const moved = await this.db.sql<{ user_id: string; balance_after: string }>(TRANSFER_MOVE, [
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
    const result = await this.db.sql<{ balance_after: string }>(
      `WITH changed AS (
         UPDATE member_balances SET balance = balance + $5::bigint, updated_at = now()
         WHERE guild_id = $1 AND user_id = $2 AND balance >= $3::bigint RETURNING user_id, balance)
       ${LEDGER_FROM("changed")}`,
      [guildId, userId, amount.toString(), "admin_remove", (-amount).toString(), reason, actorId],
    );
    const row = result.rows[0];
    if (row) return BigInt(row.balance_after);
    const have = await this.balance(guildId, userId);
    throw new LegacyUserError(
      "InsufficientBalance",
      `They have ${have} points; removing ${amount} would go below zero.`,
      {
        balance: have.toString(),
      },
    );
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
        const locked = await this.db.sql<{ balance: string }>(
          `INSERT INTO member_balances (guild_id, user_id) VALUES ($1, $2)
           ON CONFLICT (guild_id, user_id) DO UPDATE SET balance = member_balances.balance RETURNING balance`,
          [guildId, userId],
        );
        const before = BigInt(locked.rows[0]?.balance ?? 0);
        const result = await this.db.sql<{ balance_after: string }>(
          `WITH changed AS (
             UPDATE member_balances SET balance = $3::bigint, updated_at = now()
             WHERE guild_id = $1 AND user_id = $2 RETURNING user_id, balance)
           ${LEDGER_FROM("changed")}`,
          [guildId, userId, amount.toString(), "admin_set", (amount - before).toString(), reason, actorId],
        );
        return BigInt(result.rows[0]?.balance_after ?? amount);
      },
      { retries: RETRIES },
    );
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
    const result = await this.db.sql<{ balance_after: string }>(
      `WITH changed AS (
         INSERT INTO member_balances (guild_id, user_id, balance) VALUES ($1, $2, $3)
         ON CONFLICT (guild_id, user_id)
         DO UPDATE SET balance = member_balances.balance + EXCLUDED.balance, updated_at = now()
         RETURNING user_id, balance)
       ${LEDGER_FROM("changed")}`,
      [guildId, userId, amount.toString(), kind, amount.toString(), reason, actorId],
    );
    return BigInt(result.rows[0]?.balance_after ?? 0);
  }
}
