import type { Logger as TypeOrmLogger } from "typeorm";
import type { PostgresDataSourceOptions } from "typeorm/driver/postgres/PostgresDataSourceOptions";
import { ENTITIES } from "../entities";
import { MIGRATIONS } from "../migrations";
import { clientConnectingWithin } from "./bounded-client";

/** How long work may queue for a pooled connection while every one is busy (see `poolWaitMs`). */
export const DEFAULT_POOL_WAIT_MS = 60_000;
/** How long a connection beyond `poolMin` may sit idle, unless `poolIdleMs` says (pg-pool's own is 10 s). */
const DEFAULT_POOL_IDLE_MS = 30_000;

export interface ConnectionSettings {
  url: string;
  poolMax: number;
  /**
   * Once the pool is down to this many connections it stops closing idle ones (default 0). It never opens
   * connections ahead of need: this keeps them, it does not make them.
   */
  poolMin?: number;
  /**
   * How long a connection beyond `poolMin` may sit idle before it is closed (0: never; default 30 s). The
   * bot's pools keep theirs for minutes: a pool that shrinks between bursts must reopen connections in the
   * next one, and a burst of new connections is what turns a short stall into a long one (each new server
   * process costs the database tens of milliseconds of CPU before it has answered anything).
   */
  poolIdleMs?: number;
  /** Opening one connection. */
  connectTimeoutMs: number;
  /** Queueing for a free connection while all `poolMax` are busy (a burst, not an outage). */
  poolWaitMs?: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  slowQueryMs: number;
  /**
   * Set the timeouts as startup parameters of each connection. Off behind a transaction-mode pooler, which
   * refuses startup parameters it does not know (PgBouncer); the pooler or the role sets them there.
   */
  sessionTimeouts?: boolean;
  logger?: TypeOrmLogger;
  /** An error of a connection that neither the pool nor its holder was listening to (see bounded-client.ts). */
  onUnclaimedError?: (error: Error) => void;
  /** Called as each pool connection starts connecting (counted for `warden_db_connections_opened_total`). */
  onConnecting?: () => void;
  /** How the connections name themselves in pg_stat_activity (default "warden"). */
  applicationName?: string;
}

/** The one place a DataSource is described: used by DatabaseService and by ormconfig.ts (TypeORM CLI). */
export function dataSourceOptions(settings: ConnectionSettings): PostgresDataSourceOptions {
  return {
    type: "postgres",
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: "migrations",
    migrationsRun: false,
    synchronize: false,
    maxQueryExecutionTime: settings.slowQueryMs || undefined,
    ...(settings.logger ? { logger: settings.logger } : {}),
    extra: {
      max: settings.poolMax,
      connectionTimeoutMillis: Math.max(
        settings.poolWaitMs ?? DEFAULT_POOL_WAIT_MS,
        settings.connectTimeoutMs,
      ),
      Client: clientConnectingWithin(
        settings.connectTimeoutMs,
        settings.onUnclaimedError,
        settings.onConnecting,
      ),
      min: Math.min(settings.poolMin ?? 0, settings.poolMax),
      idleTimeoutMillis: settings.poolIdleMs ?? DEFAULT_POOL_IDLE_MS,
      // Idle connections may now wait minutes for their next use: keepalives stop a firewall or NAT from
      // dropping them unnoticed, and notice a server that went away without a word. (A connection waiting
      // on an answer is not covered: that is for the statement timeout and the server.)
      keepAlive: true,
      keepAliveInitialDelayMillis: 60_000,
      application_name: settings.applicationName ?? "warden",
      ...(settings.sessionTimeouts !== false && settings.statementTimeoutMs
        ? { statement_timeout: settings.statementTimeoutMs }
        : {}),
      ...(settings.sessionTimeouts !== false && settings.idleInTransactionTimeoutMs
        ? { idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs }
        : {}),
    },
  };
}
