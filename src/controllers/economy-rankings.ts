import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import type { Holder } from "./economy-controller";

export interface EconomyStats {
  /** Members holding at least one point. */
  members: number;
  /** Points held by all members together. */
  total: bigint;
  top: Holder[];
}

/** Where a leaderboard page starts: the top, after a holder (next page) or before one (previous page). */
export type RankAnchor = { after: Holder } | { before: Holder } | null;

export interface RankPage {
  holders: Holder[];
  /** Whether more holders lie beyond the page in the direction it was read. */
  more: boolean;
}

const MAX_PAGE = 25;
const holder = (row: { user_id: string; balance: string }): Holder => ({
  userId: row.user_id,
  balance: BigInt(row.balance),
});

/** Read-only views over a guild's balances: stats and the leaderboard (richest first, user id breaks ties). */
@service()
export class EconomyRankings {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  async stats(guildId: string, topCount = 5): Promise<EconomyStats> {
    const totals = await this.db.sql<{ members: number; total: string }>(
      `SELECT count(*)::int AS members, coalesce(sum(balance), 0)::text AS total
       FROM member_balances WHERE guild_id = $1 AND balance > 0`,
      [guildId],
    );
    const top = await this.page(guildId, null, Math.min(topCount, MAX_PAGE));
    return {
      members: totals.rows[0]?.members ?? 0,
      total: BigInt(totals.rows[0]?.total ?? 0),
      top: top.holders,
    };
  }

  /** One keyset page of holders with points, richest first; a `before` page is read backwards and turned round. */
  async page(guildId: string, anchor: RankAnchor, limit: number): Promise<RankPage> {
    const size = Math.max(1, Math.min(limit, MAX_PAGE));
    const backwards = anchor !== null && "before" in anchor;
    const mark = anchor === null ? null : "after" in anchor ? anchor.after : anchor.before;
    const beyond = backwards
      ? "AND (balance > $3::bigint OR (balance = $3::bigint AND user_id < $4::bigint))"
      : "AND (balance < $3::bigint OR (balance = $3::bigint AND user_id > $4::bigint))";
    const result = await this.db.sql<{ user_id: string; balance: string }>(
      `SELECT user_id, balance FROM member_balances
       WHERE guild_id = $1 AND balance > 0 ${mark ? beyond : ""}
       ORDER BY balance ${backwards ? "ASC" : "DESC"}, user_id ${backwards ? "DESC" : "ASC"}
       LIMIT $2`,
      mark ? [guildId, size + 1, mark.balance.toString(), mark.userId] : [guildId, size + 1],
    );
    const rows = result.rows.slice(0, size).map(holder);
    return { holders: backwards ? rows.reverse() : rows, more: result.rows.length > size };
  }
}
