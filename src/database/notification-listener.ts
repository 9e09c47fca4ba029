import { Client } from "pg";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { DatabaseService, type DatabaseCompanion } from "./database-service";

export type NotificationHandler = (payload: string) => void;
/** Told `true` when listening starts again and `false` when the connection is lost. */
export type ConnectionHandler = (listening: boolean) => void;

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
/** An idle connection can die silently (NAT and firewall timeouts); a periodic round trip notices. */
const HEARTBEAT_MS = 30_000;

/**
 * PostgreSQL LISTEN/NOTIFY for this process. It listens on a connection of its own, outside the pool (a
 * pooled connection goes back to the pool and its LISTENs with it), and reconnects with backoff when that
 * connection drops. Notifications sent while it is down are lost, so connection handlers hear about every
 * loss and recovery and must assume they missed something.
 */
@service()
export class NotificationListener implements DatabaseCompanion {
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly connectionHandlers = new Set<ConnectionHandler>();
  private readonly logger: Logger;
  private client: Client | undefined;
  private pid: number | undefined;
  private running = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  private firstAttempt: Promise<void> | undefined;

  constructor(
    @inject(DatabaseService) private readonly db: DatabaseService,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: "notifications" });
    db.attach(this);
  }

  /** True while LISTEN is in effect, i.e. notifications arrive. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** The server process holding the LISTEN connection, while there is one. */
  get backendPid(): number | undefined {
    return this.pid;
  }

  on(channel: string, handler: NotificationHandler): void {
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      if (this.client) this.listenLate(this.client, channel);
    }
    handlers.add(handler);
  }

  onConnectionChange(handler: ConnectionHandler): void {
    this.connectionHandlers.add(handler);
  }

  /** Settles once the first connection attempt has (listening or not); at once when none was made. */
  ready(): Promise<void> {
    return this.firstAttempt ?? Promise.resolve();
  }

  /** Sends one notification per payload, through the pool (so it is counted like any statement). */
  async notify(channel: string, payloads: readonly string[]): Promise<void> {
    if (payloads.length === 0) return;
    try {
      await this.db.sql("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", [
        channel,
        payloads,
      ]);
    } catch (error) {
      this.logger.warn({ err: error, channel }, "could not send a notification");
    }
  }

  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.firstAttempt = this.connect();
    }
    return this.ready();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    await this.attempt;
    const client = this.client;
    this.forget();
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.attempt = this.tryConnect().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  private async tryConnect(): Promise<void> {
    const client = new Client({
      connectionString: this.db.directUrl,
      connectionTimeoutMillis: this.config.DB_CONNECT_TIMEOUT_MS,
      query_timeout: this.config.DB_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: "warden-notifications",
    });
    client.on("notification", (message) => this.deliver(message.channel, message.payload ?? ""));
    client.on("error", (error) => this.dropped(client, error));
    client.on("end", () => this.dropped(client));
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const listened = new Set(this.handlers.keys());
      for (const channel of listened) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.client = client;
      this.pid = rows[0]?.pid;
      this.failures = 0;
      this.heartbeat = setInterval(() => this.send(client, "SELECT 1"), HEARTBEAT_MS).unref();
      const late = [...this.handlers.keys()].filter((channel) => !listened.has(channel));
      for (const channel of late) this.listenLate(client, channel);
      this.logger.info({ channels: [...this.handlers.keys()] }, "listening for notifications");
      this.announce(true);
    } catch (error) {
      this.logger.warn({ err: error }, "could not listen for notifications; will retry");
      client.end().catch(() => undefined);
      this.scheduleRetry();
    }
  }

  private listenLate(client: Client, channel: string): void {
    this.send(client, `LISTEN ${client.escapeIdentifier(channel)}`);
  }

  /** A statement on the listening connection; if it fails, the connection counts as lost. */
  private send(client: Client, statement: string): void {
    client.query(statement).catch((error: unknown) => this.dropped(client, error));
  }

  private dropped(client: Client, error?: unknown): void {
    if (client !== this.client) return;
    this.forget();
    this.logger.warn({ err: error }, "lost the notification connection; reconnecting");
    if (error !== undefined) client.end().catch(() => undefined);
    this.announce(false);
    if (this.running) this.scheduleRetry();
  }

  private forget(): void {
    clearInterval(this.heartbeat);
    this.client = undefined;
    this.pid = undefined;
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      if (this.running) void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private deliver(channel: string, payload: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        this.logger.error({ err: error, channel }, "a notification handler failed");
      }
    }
  }

  private announce(listening: boolean): void {
    for (const handler of this.connectionHandlers) {
      try {
        handler(listening);
      } catch (error) {
        this.logger.error({ err: error }, "a connection handler failed");
      }
    }
  }
}
