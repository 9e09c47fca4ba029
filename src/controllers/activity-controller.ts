import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import { MemberActivity, MemberActivityHour } from "../entities";
import { BaseController } from "./base-controller";
import type { HourCounts } from "./hour-counts";

export const HOUR_MS = 60 * 60 * 1000;

/** Messages a member sent since the last flush, per hour, and when they were last seen. */
export interface ActivityDelta {
  guildId: string;
  userId: string;
  messages: number;
  lastSeenAt: Date;
  /** Messages per hour, keyed by the hour's start in epoch milliseconds. */
  hours: HourCounts;
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
  /** The statements, from the entities' metadata (built once, after the database started). */
  private readonly statements = builtOnce(() => activityStatements(this.sql, this.sqlOf(MemberActivityHour)));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberActivity);
  }

  /** Adds every delta to the members' totals and hours in one statement, however many members it holds. */
  async addAll(deltas: readonly ActivityDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.sql(this.statements().addAll, rowsOf(deltas));
  }

  of(guildId: string, userId: string): Promise<MemberActivity | null> {
    return this.findOne({ where: { guildId, userId } });
  }

  /**
   * The guild's most active members since a moment (null: all time), most messages first, in one aggregate
   * query: from the hourly counts (whole hours, so up to an hour more), from the totals for all time.
   */
  async top(guildId: string, since: Date | null, limit: number): Promise<ActiveMember[]> {
    const { rows } = await this.db.readFromReplica(() =>
      since === null
        ? this.db.sql<{ userId: string; messages: string }>(this.statements().topEver, [guildId, limit])
        : this.db.sql<{ userId: string; messages: string }>(this.statements().topSince, [
            guildId,
            limit,
            since,
          ]),
    );
    return rows.map((row) => ({ userId: row.userId, messages: Number(row.messages) }));
  }
}

interface ActivityStatements {
  /** `$1` guilds, `$2` users, `$3` hours, `$4` messages, `$5` last seen: one element per member and hour. */
  addAll: string;
  /** `$1` guild, `$2` limit. */
  topEver: string;
  /** `$1` guild, `$2` limit, `$3` since. */
  topSince: string;
}

function activityStatements(
  totals: EntitySql<MemberActivity>,
  hours: EntitySql<MemberActivityHour>,
): ActivityStatements {
  const t = (property: keyof MemberActivity & string): string => totals.columnName(property);
  const h = (property: keyof MemberActivityHour & string): string => hours.columnName(property);
  const [count, lastSeen] = [t("messageCount"), t("lastSeenAt")];
  return {
    addAll: `WITH d AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::int[], $5::timestamptz[])
           AS d(guild_id, user_id, hour, messages, seen)
       ), hours AS (
         INSERT INTO ${hours.table} AS h (${h("guildId")}, ${h("userId")}, ${h("hour")}, ${h("messageCount")})
         SELECT guild_id, user_id, hour, sum(messages) FROM d GROUP BY guild_id, user_id, hour
         ON CONFLICT (${h("guildId")}, ${h("hour")}, ${h("userId")}) DO UPDATE
           SET ${h("messageCount")} = h.${h("messageCount")} + EXCLUDED.${h("messageCount")}
       )
       INSERT INTO ${totals.table} AS a (${t("guildId")}, ${t("userId")}, ${count}, ${lastSeen})
       SELECT guild_id, user_id, sum(messages), max(seen) FROM d GROUP BY guild_id, user_id
       ON CONFLICT (${t("guildId")}, ${t("userId")}) DO UPDATE
         SET ${count} = a.${count} + EXCLUDED.${count},
             ${lastSeen} = GREATEST(a.${lastSeen}, EXCLUDED.${lastSeen})`,
    topEver: `SELECT ${t("userId")} AS "userId", ${count} AS messages FROM ${totals.table}
            WHERE ${t("guildId")} = $1 ORDER BY ${count} DESC, ${lastSeen} DESC, ${t("userId")} LIMIT $2`,
    topSince: `SELECT ${h("userId")} AS "userId", sum(${h("messageCount")}) AS messages FROM ${hours.table}
            WHERE ${h("guildId")} = $1 AND ${h("hour")} >= date_trunc('hour', $3::timestamptz)
            GROUP BY ${h("userId")} ORDER BY messages DESC, ${h("userId")} LIMIT $2`,
  };
}
