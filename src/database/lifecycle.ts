export enum DatabaseStatus {
  Created = "CREATED",
  Starting = "STARTING",
  /** Unreachable at start-up; retrying with backoff. */
  Waiting = "WAITING",
  Running = "RUNNING",
  Stopping = "STOPPING",
  Stopped = "STOPPED",
  Failed = "FAILED",
}

export interface TransactionOptions {
  isolation?: "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";
  /** Extra attempts after a serialization failure or deadlock (outermost transaction only). Default 0. */
  retries?: number;
}

export interface DatabaseStats {
  tables: Array<{ table: string; rows: number }>;
  databaseBytes: number;
  pool: { total: number; idle: number; waiting: number; inUse: number; max: number };
  queries: number;
  embedded: boolean;
}

export interface DatabaseHealth {
  status: DatabaseStatus;
  ok: boolean;
  latencyMs?: number;
  error?: string;
}
