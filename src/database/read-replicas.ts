import type { DataSource, EntityManager } from "typeorm";
import type { Pool } from "pg";
import type { Logger } from "../logger";
import { Observers } from "../observers";
import { answerWithin } from "./answer-within";
import {
  judgeReplica,
  REPLICA_STATE_SQL,
  type ReplicaHealth,
  type ReplicaSkipReason,
  type ReplicaState,
  type WalSample,
} from "./replica-health";

export type { ReplicaSkipReason };

/** Where one heavy read went, and why not to a replica when it did not (for the metrics). */
export interface ReplicaRouting {
  servedBy: "replica" | "primary";
  replica?: string;
  reason?: ReplicaSkipReason | "read_your_writes";
}

/** A replica a read may use: its pool for lone statements, its manager for repositories. */
export interface ReplicaTarget {
  readonly name: string;
  readonly pool: Pool;
  readonly manager: EntityManager;
}

export interface ReplicaSettings {
  urls: readonly string[];
  maxLagMs: number;
  checkMs: number;
  /**
   * How long a health check may wait for a replica: one that does not answer by then (a partition, a frozen
   * host: nothing closes, nothing answers) is down.
   */
  answerWithinMs: number;
  /** A DataSource (not yet initialized) on `url`, with a small pool. */
  connect(url: string): DataSource;
  /** The primary's current WAL position, read on the primary. */
  primaryLsn(): Promise<string>;
}

const LOG_EVERY_MS = 60_000;

interface Replica {
  readonly name: string;
  readonly url: string;
  source?: DataSource;
  health?: ReplicaHealth;
  holdsCommitsBefore?: number;
  /** Its health check in progress (a replica known down is checked again without any read waiting for it). */
  checking?: Promise<void>;
  /** The last time each reason was logged, so a lasting problem is one line a minute, not one per read. */
  readonly logged: Map<string, number>;
}

/**
 * The streaming replicas heavy reads may go to. Their health (reachable, a standby, lag) is measured for
 * all of them at most once per `checkMs`, with one statement on the primary and one on each replica, so a
 * read costs no extra round trip. A replica is chosen round-robin among the healthy ones; a member who
 * wrote something is read from a replica only once it is known to hold every commit made before it.
 */
export class ReadReplicas {
  readonly routed = new Observers<ReplicaRouting>();
  private readonly replicas: Replica[];
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;
  private previous: WalSample | undefined;
  private next = 0;
  private closed = false;

  constructor(
    private readonly settings: ReplicaSettings,
    private readonly logger: Logger,
  ) {
    this.replicas = settings.urls.map((url) => ({ name: replicaName(url), url, logged: new Map() }));
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  /** A healthy replica for a read by someone whose last write finished at `wroteAt`, or undefined. */
  async choose(wroteAt: number | undefined): Promise<ReplicaTarget | undefined> {
    await this.refreshIfStale();
    let skipped: ReplicaRouting | undefined;
    for (let tried = 0; tried < this.replicas.length; tried += 1) {
      const replica = this.replicas[(this.next + tried) % this.replicas.length];
      if (!replica) continue;
      const health = replica.health;
      if (!health?.ok || !replica.source?.isInitialized) {
        const reason = health && !health.ok ? health.reason : "down";
        skipped ??= { servedBy: "primary", replica: replica.name, reason };
        continue;
      }
      if (wroteAt !== undefined && !(wroteAt < (replica.holdsCommitsBefore ?? Number.NEGATIVE_INFINITY))) {
        skipped ??= { servedBy: "primary", replica: replica.name, reason: "read_your_writes" };
        continue;
      }
      this.next = (this.next + tried + 1) % this.replicas.length;
      this.routed.emit({ servedBy: "replica", replica: replica.name });
      return { name: replica.name, pool: poolOf(replica.source), manager: replica.source.manager };
    }
    this.routed.emit(skipped ?? { servedBy: "primary" });
    return undefined;
  }

  /** A read lost its replica midway (it went away, or cancelled the statement): skipped until the next check. */
  lost(name: string, error: unknown): void {
    const replica = this.replicas.find((candidate) => candidate.name === name);
    if (!replica) return;
    const health: ReplicaHealth = { ok: false, reason: "down", error: asError(error) };
    this.judged(replica, health);
    this.routed.emit({ servedBy: "primary", replica: name, reason: "down" });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.checking?.catch(() => undefined);
    await Promise.all(this.replicas.map((replica) => replica.checking?.catch(() => undefined)));
    await Promise.all(this.replicas.map((replica) => replica.source?.destroy().catch(() => undefined)));
  }

  private refreshIfStale(): Promise<void> {
    if (Date.now() - this.checkedAt < this.settings.checkMs) return Promise.resolve();
    this.checking ??= this.refresh().finally(() => {
      this.checking = undefined;
      this.checkedAt = Date.now();
    });
    return this.checking;
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    let now: WalSample;
    try {
      const at = Date.now();
      now = { at, lsn: await this.settings.primaryLsn() };
    } catch {
      return; // the primary is away: every read fails there anyway, and says so
    }
    const previous = this.previous;
    // Reads wait for the replicas that may serve them; one known down is checked in the background.
    await Promise.all(
      this.replicas.map((replica) => {
        const down = replica.health?.ok === false && replica.health.reason === "down";
        replica.checking ??= this.check(replica, now, previous).finally(() => (replica.checking = undefined));
        return down ? undefined : replica.checking;
      }),
    );
    this.previous = now;
  }

  private async check(replica: Replica, now: WalSample, previous: WalSample | undefined): Promise<void> {
    try {
      const source = await this.connected(replica);
      const before = previous ?? now;
      const state = await this.stateOf(source, now.lsn, before.lsn);
      this.judged(replica, judgeReplica(state, now, previous, this.settings.maxLagMs));
    } catch (error) {
      this.judged(replica, { ok: false, reason: "down", error: asError(error) });
    }
  }

  /** The replica's state, asked on a connection of its pool that is dropped if the replica goes silent. */
  private async stateOf(source: DataSource, lsn: string, lsnBefore: string): Promise<ReplicaState> {
    const ms = this.settings.answerWithinMs;
    const client = await poolOf(source).connect(); // opening one is bounded by the pool's own timeouts
    let dropped = false;
    try {
      const { rows } = await answerWithin(
        client.query<ReplicaState>(REPLICA_STATE_SQL, [lsn, lsnBefore]),
        ms,
        "the replica",
        () => {
          dropped = true;
          client.release(new Error("the replica stopped answering"));
        },
      );
      const [state] = rows;
      if (!state) throw new Error("the replica returned no state");
      return state;
    } finally {
      if (!dropped) client.release();
    }
  }

  private async connected(replica: Replica): Promise<DataSource> {
    if (replica.source?.isInitialized) return replica.source;
    const source = this.settings.connect(replica.url);
    const initializing = source.initialize();
    try {
      // One that comes up after all is closed again: the next check opens a new one.
      await answerWithin(initializing, this.settings.answerWithinMs, "the replica", () => {
        initializing.then(() => source.destroy()).catch(() => undefined);
      });
    } catch (error) {
      await source.destroy().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await source.destroy().catch(() => undefined);
      throw new Error("closed");
    }
    replica.source = source;
    return source;
  }

  private judged(replica: Replica, health: ReplicaHealth): void {
    const was = replica.health;
    replica.health = health;
    if (health.ok) {
      replica.holdsCommitsBefore = Math.max(replica.holdsCommitsBefore ?? 0, health.holdsCommitsBefore);
      if (was && !was.ok) {
        replica.logged.clear();
        this.logger.info({ replica: replica.name, lagMs: health.lagMs }, "read replica in use again");
      }
      return;
    }
    const last = replica.logged.get(health.reason) ?? Number.NEGATIVE_INFINITY;
    if (Date.now() - last < LOG_EVERY_MS) return;
    replica.logged.set(health.reason, Date.now());
    this.logger.warn(
      {
        replica: replica.name,
        reason: health.reason,
        ...(health.lagMs !== undefined ? { lagMs: health.lagMs, maxLagMs: this.settings.maxLagMs } : {}),
        ...(health.error ? { err: health.error } : {}),
      },
      "read replica skipped: its reads go to the primary",
    );
  }
}

/** host:port/database, never the user or password. */
function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "replica";
  }
}

function poolOf(source: DataSource): Pool {
  return (source.driver as unknown as { master: Pool }).master;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
