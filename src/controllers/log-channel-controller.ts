import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { DatabaseService } from "../database/database-service";
import { NotificationListener } from "../database/notification-listener";
import { LogChannel, type LogCategory } from "../entities";
import { TOKENS } from "../tokens";
import { BaseController } from "./base-controller";
import { GuildBatchLoader } from "./guild-batch-loader";

/** Every process drops a guild's cached routes when it hears `<sender>:<guild id>` here. */
export const LOG_ROUTES_CHANNEL = "warden_log_routes";

/**
 * Which channel each server-log category of a guild goes to (`/logs set`, `/logs unset`, `/logs show`).
 * Every gateway event asks whether its category is routed, so each guild's routed categories are cached
 * (a guild without routes too: it then costs no statement at all). Every write here tells other processes
 * through NOTIFY; the cache is filled only while LISTEN is in effect and an entry is trusted for at most
 * GUILD_CONFIG_CACHE_MS, which bounds how stale it gets when a notification is lost.
 */
@service()
export class LogChannelController extends BaseController<LogChannel> {
  private readonly cache = new Map<string, { routed: ReadonlySet<LogCategory>; readAt: number }>();
  /** Reads in flight; a change marks them stale so routes read before it are not cached. */
  private readonly reads = new Set<{ guildId: string; stale: boolean }>();
  private readonly sender = randomUUID();
  private readonly loader = new GuildBatchLoader((guildIds) => this.loadMany(guildIds));

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(NotificationListener) private readonly notifications: NotificationListener,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {
    super(db, LogChannel);
    notifications.on(LOG_ROUTES_CHANNEL, (payload) => this.heard(payload));
    notifications.onConnectionChange(() => this.invalidate());
  }

  /** The guild's routed categories; a cache hit costs no statement. */
  async routedCategories(guildId: string): Promise<ReadonlySet<LogCategory>> {
    const cached = this.cache.get(guildId);
    if (cached && performance.now() - cached.readAt < this.config.GUILD_CONFIG_CACHE_MS) return cached.routed;
    await this.notifications.ready();
    const read = { guildId, stale: false, at: performance.now() };
    this.reads.add(read);
    try {
      const routed = await this.loader.load(guildId);
      if (!read.stale && this.notifications.listening) this.cache.set(guildId, { routed, readAt: read.at });
      return routed;
    } finally {
      this.reads.delete(read);
    }
  }

  async route(guildId: string, category: LogCategory, channelId: string): Promise<void> {
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (guild_id, category, channel_id) VALUES ($1, $2, $3)
       ON CONFLICT (guild_id, category) DO UPDATE SET channel_id = EXCLUDED.channel_id, updated_at = now()`,
      [guildId, category, channelId],
    );
    this.changed(guildId);
  }

  /** False when the category was not logged. */
  async unroute(guildId: string, category: LogCategory): Promise<boolean> {
    const removed = await this.db.sql(`DELETE FROM ${this.sql.table} WHERE guild_id = $1 AND category = $2`, [
      guildId,
      category,
    ]);
    this.changed(guildId);
    return removed.rowCount > 0;
  }

  /** Removes every route of the guild to `channelId` (it is gone); the categories it carried. */
  async unrouteChannel(guildId: string, channelId: string): Promise<LogCategory[]> {
    const removed = await this.db.sql<{ category: LogCategory }>(
      `DELETE FROM ${this.sql.table} WHERE guild_id = $1 AND channel_id = $2 RETURNING category`,
      [guildId, channelId],
    );
    if (removed.rowCount > 0) this.changed(guildId);
    return removed.rows.map((row) => row.category);
  }

  routes(guildId: string): Promise<LogChannel[]> {
    return this.findMany({ where: { guildId }, order: { category: "ASC" } });
  }

  /** Forgets cached routes (all, or one guild's); the next read goes to the database. */
  invalidate(guildId?: string): void {
    if (guildId === undefined) this.cache.clear();
    else this.cache.delete(guildId);
    for (const read of this.reads) if (guildId === undefined || read.guildId === guildId) read.stale = true;
  }

  private changed(guildId: string): void {
    this.invalidate(guildId);
    const payload = `${this.sender}:${guildId}`;
    this.db.afterCommit(() => {
      this.invalidate(guildId);
      void this.notifications.notify(LOG_ROUTES_CHANNEL, [payload]);
    });
  }

  private heard(payload: string): void {
    const separator = payload.indexOf(":");
    if (separator >= 0 && payload.slice(0, separator) === this.sender) return;
    const guildId = payload.slice(separator + 1);
    this.invalidate(guildId === "*" ? undefined : guildId);
  }

  private async loadMany(guildIds: readonly string[]): Promise<Map<string, ReadonlySet<LogCategory>>> {
    const { rows } = await this.db.sql<{ guildId: string; category: LogCategory }>(
      `SELECT guild_id::text AS "guildId", category FROM ${this.sql.table} WHERE guild_id = ANY($1::bigint[])`,
      [guildIds],
    );
    const routed = new Map<string, Set<LogCategory>>(guildIds.map((guildId) => [guildId, new Set()]));
    for (const row of rows) routed.get(row.guildId)?.add(row.category);
    return routed;
  }
}
