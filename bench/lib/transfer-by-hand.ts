import type { Pool } from "pg";
import { economySql, type EconomySql } from "../../src/controllers/economy-sql";
import type { DatabaseService } from "../../src/database/database-service";

/**
 * What `EconomyController.transfer` does once the amount is checked, written by hand on a plain `pg.Pool`:
 * BEGIN; create and lock both balance rows in user id order; debit, credit and write both ledger rows;
 * COMMIT. The SQL is the controller's own text (`economySql`), so both sides send the same statements.
 */
export async function transferByHand(
  pool: Pool,
  statements: Pick<EconomySql, "transferLock" | "transferMove">,
  guildId: string,
  fromId: string,
  toId: string,
  amount: bigint,
): Promise<void> {
  const ordered = BigInt(fromId) < BigInt(toId) ? [fromId, toId] : [toId, fromId];
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const locked = await client.query<{ user_id: string; balance: string }>(statements.transferLock, [
      guildId,
      ...ordered,
    ]);
    const have = BigInt(locked.rows.find((row) => row.user_id === fromId)?.balance ?? 0);
    if (have < amount) throw new Error(`bench member ${fromId} ran out of points`);
    await client.query(statements.transferMove, [guildId, fromId, amount.toString(), toId, null]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const normalized = (sql: string): string => sql.replace(/\s+/g, " ").trim();

/** Throws unless `transfer` (config already cached) sends exactly what `transferByHand` sends. */
export async function checkSameTransferStatements(
  db: DatabaseService,
  transfer: () => Promise<unknown>,
): Promise<void> {
  const { statements } = await db.queries.record(transfer);
  const { transferLock, transferMove } = economySql(db.dataSource);
  const expected = ["START TRANSACTION", transferLock, transferMove, "COMMIT"].map(normalized);
  if (JSON.stringify(statements.map(normalized)) !== JSON.stringify(expected)) {
    throw new Error(
      `EconomyController.transfer no longer sends what bench/lib/transfer-by-hand.ts sends:\n${statements.join("\n")}`,
    );
  }
}
