import { DatabaseError, DatabaseUnavailableError, TransactionConflictError } from "../errors/database-errors";

export interface IsolatedWrite<T> {
  /** Items the database refused on their own account: they can never be written. */
  rejected: Array<{ item: T; error: unknown }>;
  /** Items left unwritten because the database itself failed: worth another try later. */
  unwritten: T[];
  /** That failure, when there was one. */
  error?: unknown;
}

/**
 * A failure of the database rather than of a row (an outage, a concurrent transaction, a missing table, a
 * timeout): the same rows may well be written later. A cardinality violation (SQLSTATE class 21, such as
 * two rows of one batch updating the same row), a data exception (22), an integrity violation (23), a
 * program limit (54, a row too large for its index), an exception a trigger raised for those rows (P0) or
 * an error raised while preparing the rows is the rows' own.
 */
export function isDatabaseFault(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError || error instanceof TransactionConflictError) return true;
  return error instanceof DatabaseError && !/^(2[123]|54|P0)/.test(error.sqlState ?? "");
}

/**
 * Writes `items` with `write` (one statement per call, all or nothing), in one batch when it can. When a
 * batch fails because of its rows, it is halved until each bad row is alone: the others are written and the
 * bad ones returned as rejected (k bad rows among n cost about 2k·log₂n statements). When the database
 * itself fails, it stops: what is not written yet is returned for a later attempt.
 */
export async function writeIsolating<T>(
  items: readonly T[],
  write: (batch: readonly T[]) => Promise<void>,
): Promise<IsolatedWrite<T>> {
  const rejected: IsolatedWrite<T>["rejected"] = [];
  const pending: T[][] = items.length > 0 ? [[...items]] : [];
  for (let batch = pending.shift(); batch; batch = pending.shift()) {
    try {
      await write(batch);
    } catch (error) {
      if (isDatabaseFault(error)) return { rejected, unwritten: [...batch, ...pending.flat()], error };
      if (batch.length <= 1) for (const item of batch) rejected.push({ item, error });
      else {
        const middle = Math.ceil(batch.length / 2);
        pending.unshift(batch.slice(0, middle), batch.slice(middle));
      }
    }
  }
  return { rejected, unwritten: [] };
}
