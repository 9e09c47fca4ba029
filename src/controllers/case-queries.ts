import type { DatabaseService } from "../database/database-service";
import type { Case, CaseType } from "../entities";
import type { EntitySql } from "../database/entity-sql";
import { checkPageSize, encodeCursor } from "../database/pagination";

/** Discord shows at most 25 autocomplete choices. */
export const MAX_SUGGESTIONS = 25;
const MAX_TYPED_LENGTH = 100;

export interface CaseFilter {
  targetId?: string;
  moderatorId?: string;
  type?: CaseType;
  includeVoided?: boolean;
}

/** What an autocomplete choice needs of a case; names are not stored here, the caller knows them. */
export interface CaseSuggestion {
  number: number;
  type: CaseType;
  targetId: string;
  reason: string | null;
  voided: boolean;
}

export interface SuggestQuery {
  /** What the person typed: the start of a case number, or text to find in reasons. */
  typed: string;
  /** Targets whose names match `typed` (names live in Discord's cache, not in the database). */
  targetIds?: readonly string[];
}

interface SuggestionRow {
  number: number;
  type: CaseType;
  target_id: string;
  reason: string | null;
  voided: boolean;
}

/**
 * The bounded case reads CaseController offers besides its keyset list: autocomplete suggestions, the page
 * before a keyset page (so paging back shows the rows paging forward showed), counts under the same filter
 * `CaseController.list` applies, and numbers by id. Not injectable: CaseController owns it.
 */
export class CaseQueries {
  constructor(
    private readonly db: DatabaseService,
    private readonly entity: () => EntitySql<Case>,
  ) {}

  /**
   * At most `limit` (≤ 25) cases in one statement: the exact number typed first, then newest first. Voided
   * cases are included (`/case show` shows them).
   */
  async suggest(guildId: string, query: SuggestQuery, limit = MAX_SUGGESTIONS): Promise<CaseSuggestion[]> {
    const typed = query.typed.trim().replace(/^#/, "").slice(0, MAX_TYPED_LENGTH);
    const params: unknown[] = [guildId, Math.min(Math.max(1, Math.trunc(limit)), MAX_SUGGESTIONS)];
    let matching = "";
    let exactFirst = "";
    if (typed !== "") {
      params.push(typed, [...(query.targetIds ?? [])]);
      matching =
        `AND (starts_with(number::text, $3) OR strpos(lower(reason), lower($3)) > 0 ` +
        `OR target_id = ANY($4::bigint[]))`;
      // Typing "2" in a guild with hundreds of cases must still offer case #2, not only #299…#275.
      exactFirst = "number::text = $3 DESC, ";
    }
    const result = await this.db.sql<SuggestionRow>(
      `SELECT number, type, target_id, reason, voided FROM cases WHERE guild_id = $1 ${matching} ` +
        `ORDER BY ${exactFirst}number DESC LIMIT $2`,
      params,
    );
    return result.rows.map((row) => ({
      number: row.number,
      type: row.type,
      targetId: String(row.target_id),
      reason: row.reason,
      voided: row.voided,
    }));
  }

  /**
   * The `limit` cases matching `filter` just newer than case `number`, newest first: the page before the
   * one that starts at that case. `more` says whether still newer ones exist beyond them.
   */
  async newerThan(
    guildId: string,
    filter: CaseFilter,
    number: number,
    limit: number,
  ): Promise<{ items: Case[]; more: boolean }> {
    checkPageSize("limit", limit);
    const { clause, params } = filterClause(guildId, filter);
    params.push(number, limit + 1);
    const sql = this.entity();
    const result = await this.db.sql<Record<string, unknown>>(
      `SELECT ${sql.selectList} FROM cases WHERE ${clause} AND number > $${params.length - 1} ` +
        `ORDER BY number ASC LIMIT $${params.length}`,
      params,
    );
    const rows = result.rows.map((row) => sql.hydrate(row));
    return { items: rows.slice(0, limit).reverse(), more: rows.length > limit };
  }

  /** How many cases `CaseController.list` would page through for this filter. */
  async countMatching(guildId: string, filter: CaseFilter): Promise<number> {
    const { clause, params } = filterClause(guildId, filter);
    const result = await this.db.sql<{ n: string }>(
      `SELECT count(*) AS n FROM cases WHERE ${clause}`,
      params,
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  /** How many (non-voided) cases a member has, by type. */
  async countsByType(guildId: string, targetId: string): Promise<Partial<Record<CaseType, number>>> {
    const result = await this.db.sql<{ type: CaseType; n: string }>(
      `SELECT type, count(*) AS n FROM cases WHERE guild_id = $1 AND target_id = $2 AND NOT voided GROUP BY type`,
      [guildId, targetId],
    );
    return Object.fromEntries(result.rows.map((row) => [row.type, Number(row.n)]));
  }

  /** Case numbers by case id, within one guild (ids of other guilds are left out). */
  async numbersByIds(guildId: string, ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.sql<{ id: number; number: number }>(
      `SELECT id, number FROM cases WHERE guild_id = $1 AND id = ANY($2::integer[])`,
      [guildId, [...new Set(ids)]],
    );
    return new Map(result.rows.map((row) => [row.id, row.number]));
  }
}

/** The `after` cursor `CaseController.list` gives out for a page that ends at `kase`. */
export function cursorAfter(kase: Pick<Case, "number" | "id">): string {
  return encodeCursor(String(kase.number), String(kase.id));
}

/** The same conditions `CaseController.list` puts on its rows. */
function filterClause(guildId: string, filter: CaseFilter): { clause: string; params: unknown[] } {
  const params: unknown[] = [guildId];
  const conditions = ["guild_id = $1"];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    conditions.push(`${sql} $${params.length}`);
  };
  if (filter.targetId) add("target_id =", filter.targetId);
  if (filter.moderatorId) add("moderator_id =", filter.moderatorId);
  if (filter.type) add("type =", filter.type);
  if (!filter.includeVoided) conditions.push("NOT voided");
  return { clause: conditions.join(" AND "), params };
}
