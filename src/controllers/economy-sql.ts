/** The statements EconomyController sends that the bench repeats by hand (bench/lib/transfer-by-hand.ts). */

/** Transfers: creates both rows if missing and locks them, in the order given (user id order). */
export const TRANSFER_LOCK = `INSERT INTO member_balances (guild_id, user_id) VALUES ($1, $2), ($1, $3)
  ON CONFLICT (guild_id, user_id) DO UPDATE SET balance = member_balances.balance
  RETURNING user_id, balance`;

/** Transfers: debits $2, credits $4 by $3 and writes both ledger rows with the balance after. */
export const TRANSFER_MOVE = `WITH moved AS (
    UPDATE member_balances
    SET balance = balance + CASE WHEN user_id = $2 THEN -$3::bigint ELSE $3::bigint END, updated_at = now()
    WHERE guild_id = $1 AND user_id IN ($2, $4) RETURNING user_id, balance)
  INSERT INTO ledger_entries (guild_id, user_id, kind, delta, balance_after, reason, actor_id)
  SELECT $1, user_id, CASE WHEN user_id = $2 THEN 'transfer_out' ELSE 'transfer_in' END,
         CASE WHEN user_id = $2 THEN -$3::bigint ELSE $3::bigint END, balance, $5, $2
  FROM moved RETURNING user_id, balance_after`;

/** Appends one ledger row per changed balance (`changed` yields user_id and balance). */
export const LEDGER_FROM = (changed: string): string =>
  `INSERT INTO ledger_entries (guild_id, user_id, kind, delta, balance_after, reason, actor_id)
   SELECT $1::bigint, user_id, $4::varchar, $5::bigint, balance, $6::varchar, $7::bigint FROM ${changed}
   RETURNING balance_after`;
