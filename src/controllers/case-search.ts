import type { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import { checkPageSize, decodeCursor, type CursorPage } from "../database/pagination";
import { invalid } from "../errors/validation-error";
import type { Case, CaseEdit, CaseType } from "../entities";
import { cursorAfter } from "./case-queries";

/** What the dashboard's case table filters on; every field optional. */
export interface CaseSearchFilter {
  type?: CaseType;
  targetId?: string;
  moderatorId?: string;
  /** Deleted (voided) cases: left out (default), only them, or both. */
  state?: "active" | "deleted" | "all";
  /** Made at or after this instant. */
  from?: Date;
  /** Made before this instant. */
  before?: Date;
  /** Words to find in reasons and notes (PostgreSQL full-text search, `websearch_to_tsquery` syntax). */
  text?: string;
}

/** The text search configuration: no stemming, no stop words, whatever language a reason is written in. */
const TS_CONFIG = "'simple'";

/**
 * One keyset-paged read of a guild's cases, newest first, under the dashboard's filters: one statement per
 * page, however deep (the cursor is the last case number shown). Text search goes through the GIN indexes
 * on reasons and on notes (`ix_cases_reason_search`, `ix_case_edits_note_search`). Not injectable:
 * CaseController owns it.
 */
export class CaseSearch {
  constructor(
    private readonly db: DatabaseService,
    private readonly cases: () => EntitySql<Case>,
    private readonly edits: () => EntitySql<CaseEdit>,
  ) {}

  async page(
    guildId: string,
    filter: CaseSearchFilter,
    page: { after?: string | null; limit: number },
  ): Promise<CursorPage<Case>> {
    checkPageSize("limit", page.limit);
    const { sql, params } = this.statement(guildId, filter, page.after ?? null, page.limit + 1);
    const table = this.cases();
    const rows = (await this.db.sql<Record<string, unknown>>(sql, params)).rows.map((row) =>
      table.hydrate(row),
    );
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? cursorAfter(last) : null };
  }

  /** The statement `page` runs (tests look at its plan). */
  statement(
    guildId: string,
    filter: CaseSearchFilter,
    after: string | null,
    limit: number,
  ): { sql: string; params: unknown[] } {
    const cases = this.cases();
    const c = (property: keyof Case & string) => cases.columnName(property);
    const params: unknown[] = [guildId];
    const at = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [`${c("guildId")} = $1`];
    if (filter.type) conditions.push(`${c("type")} = ${at(filter.type)}`);
    if (filter.targetId) conditions.push(`${c("targetId")} = ${at(filter.targetId)}`);
    if (filter.moderatorId) conditions.push(`${c("moderatorId")} = ${at(filter.moderatorId)}`);
    const state = filter.state ?? "active";
    if (state !== "all") conditions.push(state === "deleted" ? c("voided") : `NOT ${c("voided")}`);
    if (filter.from) conditions.push(`${c("createdAt")} >= ${at(filter.from)}`);
    if (filter.before) conditions.push(`${c("createdAt")} < ${at(filter.before)}`);
    if (filter.text) conditions.push(`${c("id")} IN (${this.matching(at(filter.text))})`);
    if (after) conditions.push(`${c("number")} < ${at(afterNumber(after))}`);
    return {
      sql:
        `SELECT ${cases.selectList} FROM ${cases.table} WHERE ${conditions.join(" AND ")} ` +
        `ORDER BY ${c("number")} DESC LIMIT ${at(limit)}`,
      params,
    };
  }

  /** Ids of cases whose reason, or one of whose notes, matches the query in `$text` (index-backed each). */
  private matching(text: string): string {
    const cases = this.cases();
    const edits = this.edits();
    const query = `websearch_to_tsquery(${TS_CONFIG}, ${text})`;
    const reason = `to_tsvector(${TS_CONFIG}, coalesce(${cases.columnName("reason")}, ''))`;
    const note = `to_tsvector(${TS_CONFIG}, coalesce(${edits.columnName("note")}, ''))`;
    return (
      `SELECT ${cases.columnName("id")} FROM ${cases.table} WHERE ${cases.columnName("guildId")} = $1 AND ${reason} @@ ${query} ` +
      `UNION SELECT ${edits.columnName("caseId")} FROM ${edits.table} ` +
      `WHERE ${edits.columnName("field")} = 'note' AND ${note} @@ ${query}`
    );
  }
}

/** The case number a cursor continues after (a cursor is opaque to callers, and checked here). */
function afterNumber(cursor: string): number {
  const number = Number(decodeCursor(cursor).sortKey);
  if (!Number.isSafeInteger(number) || number < 1) throw invalid("after", "validation.bad_cursor");
  return number;
}
