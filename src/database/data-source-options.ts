import type { Logger as TypeOrmLogger } from "typeorm";
import type { PostgresDataSourceOptions } from "typeorm/driver/postgres/PostgresDataSourceOptions";
import { ENTITIES } from "../entities";
import { MIGRATIONS } from "../migrations";
import { clientConnectingWithin } from "./bounded-client";

/** How long work may queue for a pooled connection while every one is busy (see `poolWaitMs`). */
export const DEFAULT_POOL_WAIT_MS = 60_000;
/** How long a connection beyond `poolMin` may sit idle before the pool closes it (see `poolIdleMs`). */
export const DEFAULT_POOL_IDLE_MS = 600_000;

export interface ConnectionSettings {
  url: string;
  poolMax: number;
  /** Connections the pool keeps open however long they sit idle (default 0; opened as work needs them). */
  poolMin?: number;
  /**
   * How long a connection beyond `poolMin` may sit idle before it is closed (0: never). Long on purpose:
   * a pool that shrinks between bursts must reopen connections in the next one, and a burst of new
   * connections is what turns a short stall into a long one (each new server process costs the database
   * tens of milliseconds of CPU before it has answered anything).
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
      Client: clientConnectingWithin(settings.connectTimeoutMs, settings.onUnclaimedError),
      min: Math.min(settings.poolMin ?? 0, settings.poolMax),
      idleTimeoutMillis: settings.poolIdleMs ?? DEFAULT_POOL_IDLE_MS,
      // Connections now live for minutes between uses: keepalives stop a firewall or NAT from dropping them
      // unnoticed, and notice a server that went away without a word.
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
