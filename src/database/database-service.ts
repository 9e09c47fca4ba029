import { AsyncLocalStorage } from "node:async_hooks";
import { DataSource, type EntityManager, type Migration, type QueryRunner } from "typeorm";
import type { Pool } from "pg";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { dataSourceOptions } from "./data-source-options";
import { EmbeddedServer } from "./embedded-server";
import { isConnectionFailure, mapDatabaseError, RETRYABLE_SQLSTATES, sqlStateOf } from "./error-mapping";
import {
  CommitOutcomeUnknownError,
  DatabaseUnavailableError,
  ReadAfterCommitError,
  TransactionConflictError,
} from "../errors/database-errors";
import {
  DatabaseStatus,
  type DatabaseHealth,
  type DatabaseStats,
  type TransactionOptions,
} from "./lifecycle";
import { UnknownMigrationsError } from "../errors/operator-errors";
import { Backoff } from "./backoff";
import { withMigrationLock } from "./migration-lock";
import { PooledStatements, type SqlResult } from "./pooled-statement";
import { QueryMonitor } from "./query-monitor";
import { isTransientStartFailure, parseDatabaseUrl } from "./start-failure";
import { DatabaseConfigurationError } from "../errors/operator-errors";
import { TransactionContext, TransactionScope, type Transaction } from "./transaction-scope";
import { ReadReplicas, type ReplicaTarget } from "./read-replicas";
import { isReadOnlyStatement, MemberWrites } from "./member-writes";

export type { SqlResult };

/** One parameterised statement on a given connection. */
export type StatementRunner = <R = Record<string, unknown>>(
  query: string,
  parameters?: unknown[],
) => Promise<SqlResult<R>>;

/** Something that lives beside the pool (a LISTEN connection): started once RUNNING, stopped by close(). */
export interface DatabaseCompanion {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Apply pending migrations (default true). The migration CLI turns this off to drive them itself. */
  migrate?: boolean;
  /**
   * Keep trying in the background while the server cannot be reached (default false: fail at once).
   * `start()` then settles after the first attempt — RUNNING, or WAITING with a retry scheduled — and
   * rejects only on a permanent failure; `ready()` resolves once the database is RUNNING.
   */
  retry?: boolean;
}

const FIRST_RETRY_MS = 500;

/** The primary pool's connections now (for metrics scrapes). */
export interface PoolCounts {
  inUse: number;
  idle: number;
  waiting: number;
}

/** Connections the pools have tried to open since the service was made, by pool. */
export interface ConnectionsTried {
  primary: number;
  replica: number;
}

/**
 * Owns the connection pool and its lifecycle: STARTING → RUNNING → STOPPING → STOPPED, or FAILED; with
 * `retry`, STARTING → WAITING (unreachable, retrying with backoff) → RUNNING. Everything that touches
 * PostgreSQL goes through `sql()`/`transaction()` here, so the query counter, error mapping, in-flight
 * tracking and transaction binding hold for every controller.
 */
@service()
export class DatabaseService {
  readonly queries: QueryMonitor;
  private readonly statements: PooledStatements;
  private state = DatabaseStatus.Created;
  private failure: Error | undefined;
  private source: DataSource | undefined;
  private embedded: EmbeddedServer | undefined;
  private url: string | undefined;
  private starting: Promise<void> | undefined;
  private readonly up = settledLater();
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  private retrying: Promise<void> | undefined;
  private inFlight = 0;
  private readonly tried: ConnectionsTried = { primary: 0, replica: 0 };
  private drained: (() => void) | undefined;
  private readonly scope = new TransactionScope();
  private readonly companions: DatabaseCompanion[] = [];
  /** The replicas heavy reads may use (none configured: every read stays on the primary). */
  readonly replicas: ReadReplicas;
  private readonly members: MemberWrites;
  private readonly onReplica = new AsyncLocalStorage<ReplicaTarget>();
  /**
   * How long a statement on a replica may go without an answer: past its statement timeout (by which the
   * replica would have cancelled it), it went silent, and the read is run again on the primary.
   */
  private readonly replicaStatementMs: number | undefined;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.queries = new QueryMonitor(logger.child({ component: "database" }));
    this.statements = new PooledStatements(this.queries);
    this.backoff = new Backoff(FIRST_RETRY_MS, config.DB_RETRY_MAX_MS);
    this.replicaStatementMs =
      config.DB_STATEMENT_TIMEOUT_MS > 0 ? config.DB_STATEMENT_TIMEOUT_MS + REPLICA_ANSWER_MS : undefined;
    this.members = new MemberWrites(
      60_000 + config.REPLICA_MAX_LAG_MS + config.REPLICA_CHECK_MS,
      config.DATABASE_REPLICA_URLS.length > 0,
    );
    this.replicas = new ReadReplicas(
      {
        urls: config.DATABASE_REPLICA_URLS,
        maxLagMs: config.REPLICA_MAX_LAG_MS,
        checkMs: config.REPLICA_CHECK_MS,
        answerWithinMs: REPLICA_ANSWER_MS,
        connect: (url) => this.replicaSource(url),
        primaryLsn: () => this.primaryLsn(),
      },
      logger.child({ component: "replicas" }),
    );
  }

  get status(): DatabaseStatus {
    return this.state;
  }

  get isEmbedded(): boolean {
    return this.config.DATABASE_URL === undefined;
  }

  /** The server's postgres:// URL once started (the embedded server's included), for child processes. */
  get connectionUrl(): string {
    if (!this.url) throw new DatabaseUnavailableError("the database has not been started");
    return this.url;
  }

  /**
   * A connection of its own for what a transaction-mode pooler cannot carry (LISTEN, session locks,
   * migrations, backups): DATABASE_DIRECT_URL, else the connection URL.
   */
  get directUrl(): string {
    return this.config.DATABASE_DIRECT_URL ?? this.connectionUrl;
  }

  /** DATABASE_URL is a pooler in front of DATABASE_DIRECT_URL's server. */
  get behindPooler(): boolean {
    const direct = this.config.DATABASE_DIRECT_URL;
    return direct !== undefined && direct !== this.config.DATABASE_URL;
  }

  /** The DataSource, for tooling (migrations, schema checks). Application code uses controllers. */
  get dataSource(): DataSource {
    if (!this.source) throw new DatabaseUnavailableError("the database has not been started");
    return this.source;
  }

  start(options: StartOptions = {}): Promise<void> {
    this.starting ??= this.begin(options.migrate ?? true, options.retry ?? false);
    return this.starting;
  }

  /** Resolves once RUNNING; rejects with the failure if start-up failed for good (or closed first). */
  async ready(): Promise<void> {
    if (!this.starting) throw new DatabaseUnavailableError("the database has not been started");
    await this.up.promise;
  }

  private async begin(migrate: boolean, retry: boolean): Promise<void> {
    this.state = DatabaseStatus.Starting;
    try {
      await this.attempt(migrate);
    } catch (error) {
      if (!retry || !isTransientStartFailure(error)) throw await this.fail(error);
      this.failure = asError(error);
      this.state = DatabaseStatus.Waiting;
      this.logger.warn(
        { err: this.failure },
        "the database is unreachable; retrying in the background, and commands that need it answer 'unavailable' until it is back",
      );
      this.scheduleRetry(migrate);
    }
  }

  private scheduleRetry(migrate: boolean): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retrying = this.retryOnce(migrate).finally(() => (this.retrying = undefined));
    }, this.backoff.next());
  }

  private async retryOnce(migrate: boolean): Promise<void> {
    try {
      await this.attempt(migrate);
      this.logger.info({ attempts: this.backoff.attempts }, "the database is reachable again");
    } catch (error) {
      if (this.state !== DatabaseStatus.Waiting) return;
      if (!isTransientStartFailure(error)) {
        const failure = await this.fail(error);
        this.logger.error({ err: failure }, "the database refused Warden for good; it will not retry");
        return;
      }
      this.failure = asError(error);
      this.logger.debug({ err: error, attempts: this.backoff.attempts }, "the database is still unreachable");
      this.scheduleRetry(migrate);
    }
  }

  /** One try: connect, check and apply migrations under the migration lock, then RUNNING. */
  private async attempt(migrate: boolean): Promise<void> {
    const url = await this.resolveUrl();
    const source = new DataSource(
      dataSourceOptions({
        url,
        poolMax: this.config.DB_POOL_MAX,
        poolMin: this.config.DB_POOL_MIN,
        poolIdleMs: this.config.DB_POOL_IDLE_MS,
        connectTimeoutMs: this.config.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: this.config.DB_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: this.config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        slowQueryMs: this.config.DB_SLOW_QUERY_MS,
        sessionTimeouts: !this.behindPooler,
        logger: this.queries,
        onUnclaimedError: this.unclaimedConnectionError,
        onConnecting: () => (this.tried.primary += 1),
      }),
    );
    try {
      await source.initialize();
      this.source = source;
      this.pool.on("error", (error) => this.logger.warn({ err: error }, "idle database connection failed"));
      source.subscribers.push({
        afterQuery: (event) => {
          this.queries.statementDone(event.executionTime ?? 0, event.success);
          if (this.members.enabled && !isReadOnlyStatement(event.query)) this.members.wrote();
        },
      });
      if (migrate) await this.withMigrationLock(() => this.migrate());
      else await this.refuseUnknownMigrations();
    } catch (error) {
      this.source = undefined;
      await source.destroy().catch(() => undefined);
      throw error;
    }
    if (this.state === DatabaseStatus.Stopping || this.state === DatabaseStatus.Stopped) return;
    this.state = DatabaseStatus.Running;
    this.failure = undefined;
    this.up.resolve();
    this.logger.info({ embedded: this.isEmbedded, pooler: this.behindPooler }, "database running");
    for (const companion of this.companions) void companion.start();
  }

  /**
   * Runs `work` under the cluster-wide migration lock, so any number of processes may start at once on
   * one database: the first migrates, the others wait and find nothing to do.
   */
  withMigrationLock<R>(work: () => Promise<R>): Promise<R> {
    return withMigrationLock(this.directUrl, this.config.DB_CONNECT_TIMEOUT_MS, work);
  }

  private async migrate(): Promise<void> {
    await this.refuseUnknownMigrations();
    const applied = this.behindPooler
      ? await this.migrateDirectly()
      : await this.dataSource.runMigrations({ transaction: "each" });
    if (applied.length > 0)
      this.logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
  }

  /** Behind a pooler, DDL goes over the direct connection, as the migration lock does. */
  private async migrateDirectly(): Promise<Migration[]> {
    const direct = new DataSource(
      dataSourceOptions({
        url: this.directUrl,
        poolMax: 1,
        connectTimeoutMs: this.config.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: 0,
        idleInTransactionTimeoutMs: 0,
        slowQueryMs: 0,
      }),
    );
    await direct.initialize();
    try {
      return await direct.runMigrations({ transaction: "each" });
    } finally {
      await direct.destroy().catch(() => undefined);
    }
  }

  private async fail(error: unknown): Promise<Error> {
    const failure = asError(error);
    this.failure = failure;
    this.state = DatabaseStatus.Failed;
    this.up.reject(failure);
    await this.embedded?.stop().catch(() => undefined);
    return failure;
  }

  private async resolveUrl(): Promise<string> {
    if (this.url) return this.url;
    if (this.config.DATABASE_URL) {
      parseDatabaseUrl(this.config.DATABASE_URL);
      this.url = this.config.DATABASE_URL;
      return this.url;
    }
    this.embedded = new EmbeddedServer({
      dataDir: this.config.dataDir,
      port: this.config.EMBEDDED_DB_PORT,
      database: "warden",
      logger: this.logger.child({ component: "embedded-postgres" }),
    });
    try {
      this.url = await this.embedded.start();
    } catch (error) {
      throw new DatabaseConfigurationError(
        `the embedded PostgreSQL could not start in ${this.config.dataDir}: ${asError(error).message}`,
        { cause: error },
      );
    }
    return this.url;
  }

  private async refuseUnknownMigrations(): Promise<void> {
    const source = this.dataSource;
    const table = source.options.migrationsTableName ?? "migrations";
    const [exists] = (await source.query("SELECT to_regclass($1) IS NOT NULL AS present", [table])) as Array<{
      present: boolean;
    }>;
    if (!exists?.present) return;
    const rows = (await source.query(`SELECT name FROM "${table}" ORDER BY id`)) as Array<{ name: string }>;
    const known = new Set(source.migrations.map((migration) => migration.name ?? migration.constructor.name));
    const unknown = rows.map((row) => row.name).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new UnknownMigrationsError(unknown);
  }

  /** Starts `companion` once the database is running (now, if it already is); close() stops it. */
  attach(companion: DatabaseCompanion): void {
    this.companions.push(companion);
    if (this.state === DatabaseStatus.Running) void companion.start();
  }

  /** Stops taking work, waits (bounded) for work in flight, closes the pool and any embedded server. */
  async close(): Promise<void> {
    if (this.state === DatabaseStatus.Stopped || this.state === DatabaseStatus.Stopping) return;
    if (this.state === DatabaseStatus.Starting) await this.starting?.catch(() => undefined);
    const wasRunning = this.state === DatabaseStatus.Running;
    this.state = DatabaseStatus.Stopping;
    clearTimeout(this.retryTimer);
    await this.retrying;
    if (!wasRunning) this.up.reject(new DatabaseUnavailableError("closed before the database came up"));
    if (this.inFlight > 0) {
      const drained = new Promise<void>((resolve) => (this.drained = resolve));
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, this.config.DB_CLOSE_TIMEOUT_MS).unref(),
      );
      await Promise.race([drained, timeout]);
      if (this.inFlight > 0)
        this.logger.warn({ inFlight: this.inFlight }, "closing with database work in flight");
    }
    await Promise.all(this.companions.map((companion) => companion.stop()));
    this.statements.endAll();
    await this.replicas.close();
    await this.source
      ?.destroy()
      .catch((error) => this.logger.warn({ err: error }, "closing the pool failed"));
    await this.embedded?.stop();
    this.state = DatabaseStatus.Stopped;
  }

  get inTransaction(): boolean {
    return this.scope.current() !== undefined;
  }

  /** The manager bound to the current transaction, else a replica's inside `readFromReplica`, else the pool's. */
  manager(): EntityManager {
    return this.scope.current()?.manager ?? this.onReplica.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `work` (reads only, safe to run twice) on a healthy read replica when one is configured: its
   * statements and repositories outside a transaction go there. On the primary instead inside a
   * transaction, with no healthy replica, or when the member this work is for wrote something the
   * replicas may not hold yet; and again on the primary when the replica is lost midway.
   */
  async readFromReplica<R>(work: () => Promise<R>): Promise<R> {
    if (!this.replicas.configured || this.scope.current() || this.onReplica.getStore()) return work();
    this.assertRunning();
    const replica = await this.replicas.choose(this.members.lastWriteAt());
    if (!replica) return work();
    try {
      return await this.onReplica.run(replica, work);
    } catch (error) {
      if (!lostTheReplica(error)) throw error;
      this.replicas.lost(replica.name, error);
      return work();
    }
  }

  private readonly unclaimedConnectionError = (error: Error): void =>
    this.logger.warn({ err: error }, "a database connection failed as it was handed out");

  /** Runs `work` on behalf of a member (undefined: not known yet), so their reads see their writes. */
  onBehalfOf<R>(memberId: string | undefined, work: () => R): R {
    return this.members.onBehalfOf(memberId, work);
  }

  /** Names the member the current `onBehalfOf` scope works for, once known. */
  actingAs(memberId: string): void {
    this.members.actingAs(memberId);
  }

  /** Runs `work` as tracked database work: refused unless RUNNING, errors mapped to typed ones. */
  async run<R>(work: () => Promise<R>): Promise<R> {
    this.assertRunning();
    this.inFlight += 1;
    try {
      return await work();
    } catch (error) {
      throw mapDatabaseError(error);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  /** One parameterised statement on the current transaction's connection, or a pooled one. */
  sql<R = Record<string, unknown>>(query: string, parameters: unknown[] = []): Promise<SqlResult<R>> {
    return this.run(async () => {
      const context = this.scope.current();
      if (!context) {
        const slowMs = this.dataSource.options.maxQueryExecutionTime;
        const replica = this.onReplica.getStore();
        if (replica) {
          return this.statements.run<R>(replica.pool, slowMs, query, parameters, this.replicaStatementMs);
        }
        if (!this.members.enabled || isReadOnlyStatement(query))
          return this.statements.run<R>(this.pool, slowMs, query, parameters);
        try {
          return await this.statements.run<R>(this.pool, slowMs, query, parameters);
        } finally {
          this.members.wrote();
        }
      }
      return statementOn(context.queryRunner)<R>(query, parameters);
    });
  }

  /**
   * Runs `work` in a transaction: commit on return, rollback on throw. Controllers called inside join it.
   * Called inside another transaction it becomes a savepoint. `retries` re-runs the whole callback after a
   * serialization failure or deadlock, so `work` must be safe to repeat.
   */
  transaction<R>(work: (tx: Transaction) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    const outer = this.scope.current();
    if (outer) return this.run(() => this.savepoint(outer, work));
    return this.run(() => this.outermost(work, options));
  }

  /**
   * `transaction`, then `read` on the same connection once COMMIT has returned and before the connection goes
   * back to the pool, so reading what the commit decided (a number a deferred trigger gave) takes no second
   * checkout. Outermost only. The commit stands whatever `read` does: its failure rejects with
   * ReadAfterCommitError.
   */
  transactionThenRead<R>(
    work: (tx: Transaction) => Promise<R>,
    read: (result: R, sql: StatementRunner) => Promise<void>,
  ): Promise<R> {
    if (this.scope.current()) return Promise.reject(new Error("transactionThenRead cannot be nested"));
    return this.run(() => this.outermost(work, {}, read));
  }

  /** Runs `hook` after the current transaction commits, or now when there is none. */
  afterCommit(hook: () => void): void {
    const context = this.scope.current();
    if (context) context.afterCommit(hook);
    else hook();
  }

  private async savepoint<R>(context: TransactionContext, work: (tx: Transaction) => Promise<R>): Promise<R> {
    await context.queryRunner.startTransaction();
    try {
      const result = await work(context);
      await context.queryRunner.commitTransaction();
      return result;
    } catch (error) {
      await context.queryRunner.rollbackTransaction();
      throw error;
    }
  }

  private async outermost<R>(
    work: (tx: Transaction) => Promise<R>,
    options: TransactionOptions,
    read?: (result: R, sql: StatementRunner) => Promise<void>,
  ): Promise<R> {
    const attempts = 1 + Math.max(0, options.retries ?? 0);
    for (let attempt = 1; ; attempt += 1) {
      const runner = this.dataSource.createQueryRunner();
      const context = new TransactionContext(runner);
      try {
        await runner.startTransaction(options.isolation);
        const result = await this.scope.run(context, () => work(context));
        await commit(runner);
        context.finished = true;
        context.runCommitHooks();
        if (read) await readAfterCommit(runner, result, read);
        return result;
      } catch (error) {
        if (error instanceof ReadAfterCommitError) throw error;
        context.finished = true;
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const state = error instanceof TransactionConflictError ? error.sqlState : sqlStateOf(error);
        if (state !== undefined && RETRYABLE_SQLSTATES.has(state)) {
          if (attempt < attempts) {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
            continue;
          }
          throw new TransactionConflictError(state, { cause: error });
        }
        throw error;
      } finally {
        await runner.release();
      }
    }
  }

  private assertRunning(): void {
    if (this.state !== DatabaseStatus.Running) {
      throw new DatabaseUnavailableError(
        this.state === DatabaseStatus.Stopping || this.state === DatabaseStatus.Stopped
          ? "the database is shutting down"
          : this.state === DatabaseStatus.Waiting
            ? "the database is not reachable yet"
            : `the database is not running (${this.state.toLowerCase()})`,
      );
    }
  }

  /** A DataSource on a replica: its own small pool, no extensions to install, nothing to migrate. */
  private replicaSource(url: string): DataSource {
    const options = dataSourceOptions({
      url,
      poolMax: this.config.DB_POOL_MAX,
      poolMin: this.config.DB_POOL_MIN,
      poolIdleMs: this.config.DB_POOL_IDLE_MS,
      connectTimeoutMs: Math.min(this.config.DB_CONNECT_TIMEOUT_MS, REPLICA_CONNECT_TIMEOUT_MS),
      poolWaitMs: this.config.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: this.config.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: this.config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      slowQueryMs: this.config.DB_SLOW_QUERY_MS,
      sessionTimeouts: !this.behindPooler,
      logger: this.queries,
      onUnclaimedError: this.unclaimedConnectionError,
      onConnecting: () => (this.tried.replica += 1),
      applicationName: "warden-replica-reads",
    });
    const source = new DataSource({ ...options, migrations: [], installExtensions: false });
    source.subscribers.push({
      afterQuery: (event) => this.queries.statementDone(event.executionTime ?? 0, event.success),
    });
    return source;
  }

  /** Where the primary's WAL is now, asked of the primary itself (never of a replica). */
  private async primaryLsn(): Promise<string> {
    const result = await this.statements.run<{ lsn: string }>(
      this.pool,
      undefined,
      "SELECT pg_current_wal_lsn()::text AS lsn",
      [],
    );
    const lsn = result.rows[0]?.lsn;
    if (!lsn) throw new Error("the primary returned no WAL position");
    return lsn;
  }

  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** The pool's connection counts without a round trip (for metrics scrapes); undefined before start. */
  poolCounts(): PoolCounts | undefined {
    if (!this.source?.isInitialized) return undefined;
    const pool = this.pool;
    return { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  /**
   * Every connection the pools have tried to open, refused ones too (each costs the server a new process),
   * across outages and restarts of the pools; not the one-off connections of migrations and backups.
   */
  connectionsTried(): ConnectionsTried {
    return { ...this.tried };
  }

  async stats(): Promise<DatabaseStats> {
    const tables = await this.sql<{ table: string; rows: string }>(
      `SELECT c.relname AS table, GREATEST(c.reltuples::bigint, s.n_live_tup, 0) AS rows
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
    );
    const size = await this.sql<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    const pool = this.pool;
    return {
      tables: tables.rows.map((row) => ({ table: row.table, rows: Number(row.rows) })),
      databaseBytes: Number(size.rows[0]?.bytes ?? 0),
      pool: {
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        inUse: pool.totalCount - pool.idleCount,
        max: this.config.DB_POOL_MAX,
      },
      queries: this.queries.count,
      embedded: this.isEmbedded,
    };
  }

  /** A round trip to the server; never throws. */
  async health(): Promise<DatabaseHealth> {
    if (this.state !== DatabaseStatus.Running) {
      return { status: this.state, ok: false, ...(this.failure ? { error: this.failure.message } : {}) };
    }
    const started = performance.now();
    try {
      await this.sql("SELECT 1");
      return { status: this.state, ok: true, latencyMs: performance.now() - started };
    } catch (error) {
      return { status: this.state, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** How long opening a connection to a replica may take: a replica slow to answer is skipped, not waited for. */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;
/** How long a replica's health check may go unanswered, and the margin a read's statement gets past its timeout. */
const REPLICA_ANSWER_MS = 3000;

/**
 * The replica went away or cancelled the statement (a conflict with recovery: SQLSTATE 40001), which the
 * primary would not have: the read is run there again.
 */
function lostTheReplica(error: unknown): boolean {
  return (
    error instanceof DatabaseUnavailableError ||
    isConnectionFailure(error) ||
    (error instanceof TransactionConflictError && error.sqlState === "40001")
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Statements on one connection (a transaction's, or one kept after its COMMIT). */
function statementOn(runner: QueryRunner): StatementRunner {
  return async <T>(query: string, parameters: unknown[] = []) => {
    const answer = await runner.query(query, parameters, true);
    return { rows: (answer.records ?? []) as T[], rowCount: answer.affected ?? 0 };
  };
}

/** `read` on the committed transaction's connection; whatever it throws, the commit stands and that is said. */
async function readAfterCommit<R>(
  runner: QueryRunner,
  result: R,
  read: (result: R, sql: StatementRunner) => Promise<void>,
): Promise<void> {
  try {
    await read(result, statementOn(runner));
  } catch (error) {
    throw new ReadAfterCommitError({ cause: mapDatabaseError(error) });
  }
}

/** COMMIT; a connection lost once it was sent leaves the outcome unknown, and says so. */
async function commit(runner: QueryRunner): Promise<void> {
  const sent = !runner.isReleased;
  try {
    await runner.commitTransaction();
  } catch (error) {
    if (sent && isConnectionFailure(error)) throw new CommitOutcomeUnknownError({ cause: error });
    throw error;
  }
}

/** A promise settled from outside, whose rejection nobody has to be waiting for. */
function settledLater(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
