import { builtOnce } from "../database/built-once";
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

/** What an autocomplete choice needs of a case. */
export interface CaseSuggestion {
  number: number;
  type: CaseType;
  targetId: string;
  /** The target's username when the case was made (null on older cases). */
  targetName: string | null;
  reason: string | null;
  voided: boolean;
}

export interface SuggestQuery {
  /** What the person typed: the start of a case number, or text to find in reasons or target names. */
  typed: string;
}

interface SuggestionRow {
  number: number;
  type: CaseType;
  target_id: string;
  target_name: string | null;
  reason: string | null;
  voided: boolean;
}

/**
 * The bounded case reads CaseController offers besides its keyset list: autocomplete suggestions, the page
 * before a keyset page (so paging back shows the rows paging forward showed), counts under the same filter
 * `CaseController.list` applies, and numbers by id. Not injectable: CaseController owns it.
 */
export class CaseQueries {
  /** Column names and the fixed statements, from the entity's metadata (built once). */
  private readonly statements = builtOnce(() => caseStatements(this.entity()));

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
    if (typed !== "") params.push(typed);
    const { suggestAll, suggestTyped } = this.statements();
    const result = await this.db.sql<SuggestionRow>(typed === "" ? suggestAll : suggestTyped, params);
    return result.rows.map((row) => ({
      number: row.number,
      type: row.type,
      targetId: String(row.target_id),
      targetName: row.target_name,
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
    const { clause, params } = this.filterClause(guildId, filter);
    params.push(number, limit + 1);
    const sql = this.entity();
    const { c } = this.statements();
    const result = await this.db.sql<Record<string, unknown>>(
      `SELECT ${sql.selectList} FROM ${sql.table} WHERE ${clause} AND ${c.number} > $${params.length - 1} ` +
        `ORDER BY ${c.number} ASC LIMIT $${params.length}`,
      params,
    );
    const rows = result.rows.map((row) => sql.hydrate(row));
    return { items: rows.slice(0, limit).reverse(), more: rows.length > limit };
  }

  /** How many cases `CaseController.list` would page through for this filter. */
  async countMatching(guildId: string, filter: CaseFilter): Promise<number> {
    const { clause, params } = this.filterClause(guildId, filter);
    const result = await this.db.sql<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.entity().table} WHERE ${clause}`,
      params,
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  /** How many (non-voided) cases a member has, by type. */
  async countsByType(guildId: string, targetId: string): Promise<Partial<Record<CaseType, number>>> {
    const result = await this.db.sql<{ type: CaseType; n: string }>(this.statements().countsByType, [
      guildId,
      targetId,
    ]);
    return Object.fromEntries(result.rows.map((row) => [row.type, Number(row.n)]));
  }

  /** Case numbers by case id, within one guild (ids of other guilds are left out). */
  async numbersByIds(guildId: string, ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.sql<{ id: number; number: number }>(this.statements().numbersByIds, [
      guildId,
      [...new Set(ids)],
    ]);
    return new Map(result.rows.map((row) => [row.id, row.number]));
  }

  /** The same conditions `CaseController.list` puts on its rows. */
  private filterClause(guildId: string, filter: CaseFilter): { clause: string; params: unknown[] } {
    const { c } = this.statements();
    const params: unknown[] = [guildId];
    const conditions = [`${c.guildId} = $1`];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conditions.push(`${sql} $${params.length}`);
    };
    if (filter.targetId) add(`${c.targetId} =`, filter.targetId);
    if (filter.moderatorId) add(`${c.moderatorId} =`, filter.moderatorId);
    if (filter.type) add(`${c.type} =`, filter.type);
    if (!filter.includeVoided) conditions.push(`NOT ${c.voided}`);
    return { clause: conditions.join(" AND "), params };
  }
}

/** The `after` cursor `CaseController.list` gives out for a page that ends at `kase`. */
export function cursorAfter(kase: Pick<Case, "number" | "id">): string {
  return encodeCursor(String(kase.number), String(kase.id));
}

const COLUMNS = [
  "id",
  "guildId",
  "number",
  "type",
  "targetId",
  "targetName",
  "moderatorId",
  "reason",
  "voided",
] as const;

interface CaseStatements {
  /** Quoted column names by property. */
  c: Readonly<Record<(typeof COLUMNS)[number], string>>;
  /** `$1` guild, `$2` limit: newest first. */
  suggestAll: string;
  /** `$1` guild, `$2` limit, `$3` typed: the exact number first, then newest. */
  suggestTyped: string;
  /** `$1` guild, `$2` target. */
  countsByType: string;
  /** `$1` guild, `$2` ids. */
  numbersByIds: string;
}

function caseStatements(cases: EntitySql<Case>): CaseStatements {
  const c = Object.fromEntries(COLUMNS.map((property) => [property, cases.columnName(property)])) as Record<
    (typeof COLUMNS)[number],
    string
  >;
  const { table } = cases;
  const suggest = (matching: string, exactFirst: string): string =>
    `SELECT ${c.number} AS number, ${c.type} AS type, ${c.targetId} AS target_id, ` +
    `${c.targetName} AS target_name, ${c.reason} AS reason, ` +
    `${c.voided} AS voided FROM ${table} WHERE ${c.guildId} = $1 ${matching} ` +
    `ORDER BY ${exactFirst}${c.number} DESC LIMIT $2`;
  return {
    c,
    suggestAll: suggest("", ""),
    // Typing "2" in a guild with hundreds of cases must still offer case #2, not only #299…#275.
    suggestTyped: suggest(
      `AND (starts_with(${c.number}::text, $3) OR strpos(lower(${c.reason}), lower($3)) > 0 ` +
        `OR strpos(lower(${c.targetName}), lower($3)) > 0)`,
      `${c.number}::text = $3 DESC, `,
    ),
    countsByType:
      `SELECT ${c.type} AS type, count(*) AS n FROM ${table} ` +
      `WHERE ${c.guildId} = $1 AND ${c.targetId} = $2 AND NOT ${c.voided} GROUP BY ${c.type}`,
    numbersByIds:
      `SELECT ${c.id} AS id, ${c.number} AS number FROM ${table} ` +
      `WHERE ${c.guildId} = $1 AND ${c.id} = ANY($2::integer[])`,
  };
}
