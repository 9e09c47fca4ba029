import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberActivity } from "../entities";
import { BaseController } from "./base-controller";

export const HOUR_MS = 60 * 60 * 1000;

/** Messages a member sent since the last flush, per hour, and when they were last seen. */
export interface ActivityDelta {
  guildId: string;
  userId: string;
  messages: number;
  lastSeenAt: Date;
  /** Messages per hour, keyed by the hour's start in epoch milliseconds. */
  hours: Map<number, number>;
}

/** A member's rank in a guild's activity over a period. */
export interface ActiveMember {
  userId: string;
  messages: number;
}

/** Rows of one flush: one per member and hour, with the member's last-seen on each. */
function rowsOf(deltas: readonly ActivityDelta[]): unknown[][] {
  const columns: [string[], string[], string[], number[], string[]] = [[], [], [], [], []];
  for (const delta of deltas) {
    for (const [hour, messages] of delta.hours) {
      columns[0].push(delta.guildId);
      columns[1].push(delta.userId);
      columns[2].push(new Date(hour).toISOString());
      columns[3].push(messages);
      columns[4].push(delta.lastSeenAt.toISOString());
    }
  }
  return columns;
}

/** Message counts and last-seen per member (in total and per hour), written in bulk from the buffer. */
@service()
export class ActivityController extends BaseController<MemberActivity> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberActivity);
  }

  /** Adds every delta to the members' totals and hours in one statement, however many members it holds. */
  async addAll(deltas: readonly ActivityDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.sql(
      `WITH d AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::int[], $5::timestamptz[])
           AS d(guild_id, user_id, hour, messages, seen)
       ), hours AS (
         INSERT INTO member_activity_hours AS h (guild_id, user_id, hour, message_count)
         SELECT guild_id, user_id, hour, sum(messages) FROM d GROUP BY guild_id, user_id, hour
         ON CONFLICT (guild_id, hour, user_id) DO UPDATE
           SET message_count = h.message_count + EXCLUDED.message_count
       )
       INSERT INTO member_activity AS a (guild_id, user_id, message_count, last_seen_at)
       SELECT guild_id, user_id, sum(messages), max(seen) FROM d GROUP BY guild_id, user_id
       ON CONFLICT (guild_id, user_id) DO UPDATE
         SET message_count = a.message_count + EXCLUDED.message_count,
             last_seen_at = GREATEST(a.last_seen_at, EXCLUDED.last_seen_at)`,
      rowsOf(deltas),
    );
  }

  of(guildId: string, userId: string): Promise<MemberActivity | null> {
    return this.findOne({ where: { guildId, userId } });
  }

  /**
   * The guild's most active members since a moment (null: all time), most messages first, in one aggregate
   * query: from the hourly counts (whole hours, so up to an hour more), from the totals for all time.
   */
  async top(guildId: string, since: Date | null, limit: number): Promise<ActiveMember[]> {
    const { rows } = await (since === null
      ? this.db.sql<{ userId: string; messages: string }>(
          `SELECT user_id AS "userId", message_count AS messages FROM member_activity
            WHERE guild_id = $1 ORDER BY message_count DESC, last_seen_at DESC, user_id LIMIT $2`,
          [guildId, limit],
        )
      : this.db.sql<{ userId: string; messages: string }>(
          `SELECT user_id AS "userId", sum(message_count) AS messages FROM member_activity_hours
            WHERE guild_id = $1 AND hour >= date_trunc('hour', $3::timestamptz)
            GROUP BY user_id ORDER BY messages DESC, user_id LIMIT $2`,
          [guildId, limit, since],
        ));
    return rows.map((row) => ({ userId: row.userId, messages: Number(row.messages) }));
  }
}
