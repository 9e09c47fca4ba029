import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Case, type CaseType } from "../entities";
import { BaseController } from "./base-controller";
import type { CaseFilter } from "./case-controller";
import { checkPageSize, encodeCursor } from "../database/pagination";

/** Discord shows at most 25 autocomplete choices. */
export const MAX_SUGGESTIONS = 25;
const MAX_TYPED_LENGTH = 100;

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
 * Case reads that CaseController does not offer: bounded autocomplete suggestions, the page before a
 * keyset page (so paging back shows the rows paging forward showed), and counts under the same filter
 * that `CaseController.list` applies.
 */
@service()
export class CaseSearch extends BaseController<Case> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Case);
  }

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
    const result = await this.db.sql<Record<string, unknown>>(
      `SELECT ${this.sql.selectList} FROM cases WHERE ${clause} AND number > $${params.length - 1} ` +
        `ORDER BY number ASC LIMIT $${params.length}`,
      params,
    );
    const rows = result.rows.map((row) => this.sql.hydrate(row));
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

  /** The `after` cursor `CaseController.list` gives out for a page that ends at `kase`. */
  cursorAfter(kase: Pick<Case, "number" | "id">): string {
    return encodeCursor(String(kase.number), String(kase.id));
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
