import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { NotificationListener } from "../database/notification-listener";
import { AutomodLadder, AutomodRule } from "../entities";
import type { AutomodRuleName } from "../entities/automod-rule";
import { service } from "../service";
import { BaseController } from "./base-controller";
import {
  readGuildRows,
  type GuildAutomodRows,
  type LadderRow,
  type ListColumn,
  type RuleChange,
  type RuleRow,
} from "./automod-rows";

export type { GuildAutomodRows, LadderRow, ListColumn, RuleChange, RuleRow };

/** Every process drops a guild's cached automod settings when it hears `<sender>:<guild id>` here. */
export const AUTOMOD_CHANNEL = "warden_automod";
/** A lost notification leaves settings stale at most this long (re-read in the background). */
export const AUTOMOD_CACHE_MS = 300_000;

/**
 * Warden's own automod settings (`automod_rules`, `automod_ladders`), read through a per-guild cache that
 * every write, in any process, invalidates through NOTIFY (as the guild config cache is). `cached` never
 * touches the database: the message hot path reads only that.
 */
@service()
export class AutomodController extends BaseController<AutomodRule> {
  private readonly cache = new Map<string, { rows: GuildAutomodRows; readAt: number }>();
  private readonly loading = new Map<string, Promise<GuildAutomodRows>>();
  private readonly listeners = new Set<(guildId: string | null) => void>();
  private readonly sender = randomUUID();

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(NotificationListener) private readonly notifications: NotificationListener,
  ) {
    super(db, AutomodRule);
    notifications.on(AUTOMOD_CHANNEL, (payload) => this.heard(payload));
    notifications.onConnectionChange(() => this.invalidate(null));
  }

  /** Told which guild's settings changed (null: any), so compiled rules are dropped too. */
  onInvalidate(listener: (guildId: string | null) => void): void {
    this.listeners.add(listener);
  }

  /** The cached settings, or undefined when they must be read first (`load`). Stale ones are refreshed. */
  cached(guildId: string): GuildAutomodRows | undefined {
    const entry = this.cache.get(guildId);
    if (entry && performance.now() - entry.readAt > AUTOMOD_CACHE_MS) void this.load(guildId).catch(() => {});
    return entry?.rows;
  }

  /** Reads a guild's settings (one read at a time per guild) and caches them while LISTEN is in effect. */
  load(guildId: string): Promise<GuildAutomodRows> {
    const running = this.loading.get(guildId);
    if (running) return running;
    const read = this.read(guildId).finally(() => {
      if (this.loading.get(guildId) === read) this.loading.delete(guildId);
    });
    this.loading.set(guildId, read);
    return read;
  }

  /** Creates the rule's row with `defaults` if missing, then applies `changes`. */
  async setRule(
    guildId: string,
    rule: AutomodRuleName,
    defaults: RuleRow,
    changes: RuleChange,
  ): Promise<void> {
    const next = { ...defaults, ...changes };
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (guild_id, rule, enabled, actions, timeout_seconds, "limit", window_seconds)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (guild_id, rule) DO UPDATE SET
         enabled = COALESCE($8, ${this.sql.table}.enabled), actions = COALESCE($9, ${this.sql.table}.actions),
         timeout_seconds = COALESCE($10, ${this.sql.table}.timeout_seconds),
         "limit" = COALESCE($11, ${this.sql.table}."limit"),
         window_seconds = COALESCE($12, ${this.sql.table}.window_seconds), updated_at = now()`,
      [
        guildId,
        rule,
        next.enabled,
        next.actions,
        next.timeoutSeconds,
        next.limit,
        next.windowSeconds,
        changes.enabled ?? null,
        changes.actions ?? null,
        changes.timeoutSeconds ?? null,
        changes.limit ?? null,
        changes.windowSeconds ?? null,
      ],
    );
    this.changed(guildId);
  }

  /** Adds (or removes) one entry of a rule's list, in one statement; false when it was already (not) there. */
  async changeList(
    guildId: string,
    rule: RuleRow,
    column: ListColumn,
    value: string,
    add: boolean,
  ): Promise<boolean> {
    const type = column === "patterns" ? "text" : "bigint";
    const result = add
      ? await this.db.sql(
          `INSERT INTO ${this.sql.table}
             (guild_id, rule, enabled, actions, timeout_seconds, "limit", window_seconds, ${column})
           VALUES ($1, $2, $4, $5, $6, $7, $8, ARRAY[$3::${type}])
           ON CONFLICT (guild_id, rule) DO UPDATE
             SET ${column} = array_append(${this.sql.table}.${column}, $3::${type}), updated_at = now()
             WHERE NOT ($3::${type} = ANY(${this.sql.table}.${column}))`,
          [
            guildId,
            rule.rule,
            value,
            rule.enabled,
            rule.actions,
            rule.timeoutSeconds,
            rule.limit,
            rule.windowSeconds,
          ],
        )
      : await this.db.sql(
          `UPDATE ${this.sql.table} SET ${column} = array_remove(${column}, $3::${type}), updated_at = now()
           WHERE guild_id = $1 AND rule = $2 AND $3::${type} = ANY(${column})`,
          [guildId, rule.rule, value],
        );
    this.changed(guildId);
    return (result.rowCount ?? 0) > 0;
  }

  async setLadder(guildId: string, ladder: LadderRow | null): Promise<void> {
    if (ladder === null) {
      await this.db.sql(`DELETE FROM ${this.sqlOf(AutomodLadder).table} WHERE guild_id = $1`, [guildId]);
    } else {
      await this.db.sql(
        `INSERT INTO ${this.sqlOf(AutomodLadder).table} (guild_id, warns, window_seconds, timeout_seconds) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id) DO UPDATE SET warns = $2, window_seconds = $3, timeout_seconds = $4,
           updated_at = now()`,
        [guildId, ladder.warns, ladder.windowSeconds, ladder.timeoutSeconds],
      );
    }
    this.changed(guildId);
  }

  /** Forgets cached settings (one guild's, or all), here and in whoever listens. */
  invalidate(guildId: string | null): void {
    // A read in flight may predate the change: later callers start their own.
    if (guildId === null) {
      this.cache.clear();
      this.loading.clear();
    } else {
      this.cache.delete(guildId);
      this.loading.delete(guildId);
    }
    for (const listener of this.listeners) listener(guildId);
  }

  private async read(guildId: string): Promise<GuildAutomodRows> {
    await this.notifications.ready();
    const startedAt = performance.now();
    let stale = false;
    const markStale = (changed: string | null): void => {
      if (changed === null || changed === guildId) stale = true;
    };
    this.listeners.add(markStale);
    try {
      const rows = await readGuildRows(this.db, guildId, {
        rules: this.sql.table,
        ladders: this.sqlOf(AutomodLadder).table,
      });
      if (!stale && this.notifications.listening) this.cache.set(guildId, { rows, readAt: startedAt });
      return rows;
    } finally {
      this.listeners.delete(markStale);
    }
  }

  private changed(guildId: string): void {
    this.invalidate(guildId);
    this.db.afterCommit(() => {
      this.invalidate(guildId);
      void this.notifications.notify(AUTOMOD_CHANNEL, [`${this.sender}:${guildId}`]);
    });
  }

  private heard(payload: string): void {
    const separator = payload.indexOf(":");
    if (separator >= 0 && payload.slice(0, separator) === this.sender) return;
    const guildId = payload.slice(separator + 1);
    this.invalidate(guildId === "*" ? null : guildId);
  }
}
