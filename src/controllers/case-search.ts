import type { DatabaseService } from "../database/database-service";
import type { EntitySql } from "../database/entity-sql";
import { checkPageSize, decodeCursor, type CursorPage } from "../database/pagination";
import type { Case, CaseEdit, CaseType } from "../entities";
import { invalid } from "../errors/validation-error";
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

/**
 * How a text search reads: `matches` starts from the GIN indexes and sorts what they find (right when few
 * cases match), `newest` walks the guild's cases newest first and tests each (right when many do).
 */
export type SearchPlan = "matches" | "newest";

/** The text search configuration: no stemming, no stop words, whatever language a reason is written in. */
const TS_CONFIG = "'simple'";
/** Fewer reason matches than this: read from the matches. PostgreSQL cannot estimate a rare word's count. */
const FEW_MATCHES = 2000;

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * One keyset-paged read of a guild's cases, newest first, under the dashboard's filters (the cursor is the
 * last case number shown). A text search over reasons and notes goes through the GIN indexes
 * (`ix_cases_reason_search`, `ix_case_edits_note_search`): a bounded count of the reason matches first
 * picks the plan, so that a rare word (a phishing domain) is not looked for by walking a million cases.
 * At most two statements a page. Not injectable: CaseController owns it.
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
    const after = page.after ? afterNumber(page.after) : null;
    const plan = filter.text ? await this.planFor(guildId, filter.text) : "newest";
    const { sql, params } = this.statement(guildId, filter, after, page.limit + 1, plan);
    const table = this.cases();
    const rows = (await this.db.sql<Record<string, unknown>>(sql, params)).rows.map((row) =>
      table.hydrate(row),
    );
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? cursorAfter(last) : null };
  }

  /** Counts the guild's reason matches up to FEW_MATCHES (an index read however common the word). */
  async planFor(guildId: string, text: string): Promise<SearchPlan> {
    const cases = this.cases();
    const { rows } = await this.db.sql<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${cases.table} WHERE ${cases.columnName("guildId")} = $1 ` +
        `AND ${this.reasonMatches("$2")} LIMIT $3) AS found`,
      [guildId, text, FEW_MATCHES],
    );
    return Number(rows[0]?.n ?? 0) < FEW_MATCHES ? "matches" : "newest";
  }

  /** The statement `page` runs for a plan (tests look at how PostgreSQL runs it). */
  statement(
    guildId: string,
    filter: CaseSearchFilter,
    after: number | null,
    limit: number,
    plan: SearchPlan = "newest",
  ): Statement {
    const cases = this.cases();
    const params: unknown[] = [guildId];
    const at = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = this.conditions(filter, after, at, "");
    const limitAt = at(limit);
    const order = `${cases.columnName("number")} DESC`;
    if (!filter.text) {
      return {
        sql: `SELECT ${cases.selectList} FROM ${cases.table} WHERE ${conditions} ORDER BY ${order} LIMIT ${limitAt}`,
        params,
      };
    }
    const text = at(filter.text);
    // `number + 0` cannot be read from the (guild, number) index: the matches are found through the GIN.
    const branchOrder = plan === "matches" ? `${cases.columnName("number")} + 0 DESC` : order;
    const reasons =
      `SELECT ${cases.columnName("id")} AS id, ${cases.columnName("number")} AS number FROM ${cases.table} ` +
      `WHERE ${conditions} AND ${this.reasonMatches(text)} ORDER BY ${branchOrder} LIMIT ${limitAt}`;
    const notes = this.noteMatches(filter, after, at, text, limitAt);
    return {
      sql:
        `SELECT ${cases.selectList} FROM ${cases.table} WHERE ${cases.columnName("id")} IN (` +
        `SELECT id FROM ((${reasons}) UNION (${notes})) AS matched ORDER BY number DESC LIMIT ${limitAt}) ` +
        `ORDER BY ${order}`,
      params,
    };
  }

  /** The filter's conditions on `cases` (aliased `prefix` when given), `$1` the guild. */
  private conditions(
    filter: CaseSearchFilter,
    after: number | null,
    at: (value: unknown) => string,
    prefix: string,
  ): string {
    const cases = this.cases();
    const c = (property: keyof Case & string) => `${prefix}${cases.columnName(property)}`;
    const conditions = [`${c("guildId")} = $1`];
    if (filter.type) conditions.push(`${c("type")} = ${at(filter.type)}`);
    if (filter.targetId) conditions.push(`${c("targetId")} = ${at(filter.targetId)}`);
    if (filter.moderatorId) conditions.push(`${c("moderatorId")} = ${at(filter.moderatorId)}`);
    const state = filter.state ?? "active";
    if (state !== "all") conditions.push(state === "deleted" ? c("voided") : `NOT ${c("voided")}`);
    if (filter.from) conditions.push(`${c("createdAt")} >= ${at(filter.from)}`);
    if (filter.before) conditions.push(`${c("createdAt")} < ${at(filter.before)}`);
    if (after !== null) conditions.push(`${c("number")} < ${at(after)}`);
    return conditions.join(" AND ");
  }

  private reasonMatches(text: string): string {
    const reason = `to_tsvector(${TS_CONFIG}, coalesce(${this.cases().columnName("reason")}, ''))`;
    return `${reason} @@ websearch_to_tsquery(${TS_CONFIG}, ${text})`;
  }

  /** Cases one of whose notes matches: from the notes' GIN index, then each case by its key. */
  private noteMatches(
    filter: CaseSearchFilter,
    after: number | null,
    at: (value: unknown) => string,
    text: string,
    limit: string,
  ): string {
    const cases = this.cases();
    const edits = this.edits();
    const note = `to_tsvector(${TS_CONFIG}, coalesce(e.${edits.columnName("note")}, ''))`;
    return (
      `SELECT c.${cases.columnName("id")} AS id, c.${cases.columnName("number")} AS number ` +
      `FROM ${edits.table} AS e JOIN ${cases.table} AS c ON c.${cases.columnName("id")} = e.${edits.columnName("caseId")} ` +
      `WHERE e.${edits.columnName("field")} = 'note' AND ${note} @@ websearch_to_tsquery(${TS_CONFIG}, ${text}) ` +
      `AND ${this.conditions(filter, after, at, "c.")} ORDER BY c.${cases.columnName("number")} + 0 DESC LIMIT ${limit}`
    );
  }
}

/** The case number a cursor continues after (a cursor is opaque to callers, and checked here). */
function afterNumber(cursor: string): number {
  const number = Number(decodeCursor(cursor).sortKey);
  if (!Number.isSafeInteger(number) || number < 1) throw invalid("after", "validation.bad_cursor");
  return number;
}
