import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { LogChannel, LogOutboxItem, type LogCategory } from "../entities";
import { BaseController } from "./base-controller";

export interface OutboxEvent {
  guildId: string;
  category: LogCategory;
  kind: string;
  details: Record<string, unknown>;
}

/** An event as it arrived, kept in memory until it is written (its time is when it happened). */
export interface ArrivedEvent extends OutboxEvent {
  at: Date;
}

export interface ClaimedItem {
  id: string;
  guildId: string;
  channelId: string;
  kind: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

const COLUMNS = `id::text AS id, guild_id::text AS "guildId", channel_id::text AS "channelId", kind, details,
  created_at AS "createdAt"`;

/**
 * The server-log outbox. An event is written once, for the channel its category is routed to (none: not
 * written). A flusher claims the oldest rows for a lease (`FOR UPDATE SKIP LOCKED`: two processes never
 * claim one row), posts them, and deletes each only once Discord accepted the post that carried it; rows
 * of a process that died mid-post are claimed again once their lease ran out (and may be posted twice).
 */
@service()
export class LogOutboxController extends BaseController<LogOutboxItem> {
  /** This process's name on the rows it claims: a late settle after a takeover touches nothing. */
  readonly claimer = randomUUID();

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, LogOutboxItem);
  }

  /** Queues the event for the category's channel in one statement; false when the category is not routed. */
  async enqueue(event: OutboxEvent): Promise<boolean> {
    const result = await this.db.sql(
      `INSERT INTO ${this.sql.table} (guild_id, channel_id, category, kind, details)
       SELECT guild_id, channel_id, category, $3, $4::jsonb FROM ${this.sqlOf(LogChannel).table}
        WHERE guild_id = $1 AND category = $2`,
      [event.guildId, event.category, event.kind, JSON.stringify(event.details)],
    );
    return result.rowCount > 0;
  }

  /**
   * Queues many events, each for its category's channel (an event of a category not routed is not
   * written), in one statement and in their order.
   */
  async enqueueAll(events: readonly ArrivedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event, n) => ({
      n,
      g: event.guildId,
      c: event.category,
      k: event.kind,
      d: event.details,
      t: event.at.toISOString(),
    }));
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (guild_id, channel_id, category, kind, details, created_at)
       SELECT route.guild_id, route.channel_id, route.category, e.k, e.d, e.t
         FROM jsonb_to_recordset($1::jsonb) AS e(n int, g bigint, c text, k text, d jsonb, t timestamptz)
         JOIN ${this.sqlOf(LogChannel).table} route ON route.guild_id = e.g AND route.category = e.c
        ORDER BY e.n`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Claims up to `limit` unclaimed (or abandoned) rows for `leaseMs`, at most `perChannel` of each channel,
   * leaving out the channels this process is still posting to. Channels take turns (each one's oldest row
   * first, then each one's second…): channels Discord keeps failing cannot fill every claim and starve the rest.
   */
  async claim(
    limit: number,
    leaseMs: number,
    busyChannels: readonly string[] = [],
    perChannel = limit,
  ): Promise<ClaimedItem[]> {
    const free = "(claimed_until IS NULL OR claimed_until < now())";
    const result = await this.db.sql<ClaimedItem>(
      `UPDATE ${this.sql.table} SET claimed_by = $1, claimed_until = now() + $3 * interval '1 millisecond'
        WHERE id IN (SELECT id FROM ${this.sql.table}
                      WHERE ${free} AND id IN (
                        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY channel_id ORDER BY id) AS turn
                                          FROM ${this.sql.table}
                                         WHERE ${free} AND channel_id <> ALL($4::bigint[])) turns
                         WHERE turn <= $5 ORDER BY turn, id LIMIT $2)
                      FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [this.claimer, limit, leaseMs, busyChannels, perChannel],
    );
    return result.rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** Removes rows Discord accepted (or that are dropped), only while this process still holds them. */
  async settle(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db.sql(
      `DELETE FROM ${this.sql.table} WHERE id = ANY($1::bigint[]) AND claimed_by = $2`,
      [ids, this.claimer],
    );
    return result.rowCount;
  }

  /** Renews this process's lease on rows it is still posting (a settled row is gone: nothing to renew). */
  async extend(ids: readonly string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.sql(
      `UPDATE ${this.sql.table} SET claimed_until = now() + $3 * interval '1 millisecond'
        WHERE id = ANY($1::bigint[]) AND claimed_by = $2`,
      [ids, this.claimer, leaseMs],
    );
  }

  /** Gives rows back for the next run (a failure that may pass: Discord down, a timeout). */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.sql(
      `UPDATE ${this.sql.table} SET claimed_by = NULL, claimed_until = NULL
        WHERE id = ANY($1::bigint[]) AND claimed_by = $2`,
      [ids, this.claimer],
    );
  }

  /**
   * Keeps at most `perChannel` rows per channel, dropping the oldest: a channel Discord keeps refusing in a
   * way that may pass (or a flood) cannot grow the table forever. Returns how many went, per channel.
   */
  async trim(perChannel: number): Promise<Map<string, number>> {
    const result = await this.db.sql<{ channelId: string; dropped: string }>(
      `WITH over AS (
         SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY channel_id ORDER BY id DESC) AS n
                           FROM ${this.sql.table}) ranked
          WHERE n > $1),
       gone AS (DELETE FROM ${this.sql.table} WHERE id IN (SELECT id FROM over) RETURNING channel_id)
       SELECT channel_id::text AS "channelId", count(*)::text AS dropped FROM gone GROUP BY channel_id`,
      [perChannel],
    );
    return new Map(result.rows.map((row) => [row.channelId, Number(row.dropped)]));
  }

  /** Rows waiting (claimed or not), for `/logs show` and tests. */
  async pending(guildId: string): Promise<number> {
    return this.count({ guildId });
  }
}
