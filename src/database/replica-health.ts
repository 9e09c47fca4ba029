/** Why a replica's reads went to the primary. */
export type ReplicaSkipReason = "down" | "lagging" | "not_standby";

/** The primary's WAL position at a moment (local clock). */
export interface WalSample {
  at: number;
  lsn: string;
}

/** What one health check found, and until when it is trusted. */
export type ReplicaHealth =
  | {
      ok: true;
      /** Upper bound on how far behind the primary the replica's data is. */
      lagMs: number;
      /** Every commit the primary finished before this moment (local clock) is on the replica. */
      holdsCommitsBefore: number;
    }
  | { ok: false; reason: ReplicaSkipReason; lagMs?: number; error?: Error };

/** `$1`, `$2`: the primary's WAL positions now and at the previous check. */
export const REPLICA_STATE_SQL = `SELECT pg_is_in_recovery() AS standby,
    coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS "caughtUp",
    coalesce(pg_last_wal_replay_lsn() >= $2::pg_lsn, false) AS "caughtUpBefore",
    greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS "replayAgeMs"`;

export interface ReplicaState {
  standby: boolean;
  caughtUp: boolean;
  caughtUpBefore: boolean;
  replayAgeMs: number | null;
}

/**
 * Judges a replica from its state. Caught up with the primary's position now: no lag, whatever its last
 * replayed transaction's age (an idle primary writes nothing to replay). Behind it, the lag is the age of
 * the last transaction it replayed (`pg_last_xact_replay_timestamp()`, unknown when it has replayed none),
 * and no more than the time since the previous check when it holds the position the primary had then. The
 * replay timestamp is the primary's clock and `now` this process's: they are assumed to agree (NTP).
 */
export function judgeReplica(
  state: ReplicaState,
  now: WalSample,
  before: WalSample | undefined,
  maxLagMs: number,
): ReplicaHealth {
  if (!state.standby) return { ok: false, reason: "not_standby" };
  if (state.caughtUp) return { ok: true, lagMs: 0, holdsCommitsBefore: now.at };
  const confirmedAt = before && state.caughtUpBefore ? before.at : undefined;
  const lagMs = Math.min(
    state.replayAgeMs ?? Number.POSITIVE_INFINITY,
    confirmedAt === undefined ? Number.POSITIVE_INFINITY : now.at - confirmedAt,
  );
  if (!(lagMs <= maxLagMs)) {
    return Number.isFinite(lagMs)
      ? { ok: false, reason: "lagging", lagMs: Math.round(lagMs) }
      : { ok: false, reason: "lagging" };
  }
  return { ok: true, lagMs, holdsCommitsBefore: now.at - lagMs };
}
