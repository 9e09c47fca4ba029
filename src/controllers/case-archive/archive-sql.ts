import type { EntitySql } from "../../database/entity-sql";
import type { Case, CaseEdit, Guild } from "../../entities";

/** `expression` as ISO-8601 text in UTC to the microsecond: exported and imported without losing a digit. */
export const isoText = (expression: string): string =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function namesOf<T extends object, K extends keyof T & string>(
  sql: EntitySql<T & Record<string, unknown>>,
  properties: readonly K[],
): Record<K, string> {
  return Object.fromEntries(properties.map((property) => [property, sql.columnName(property)])) as Record<
    K,
    string
  >;
}

const CASE_COLUMNS = [
  "id",
  "guildId",
  "number",
  "type",
  "targetId",
  "moderatorId",
  "reason",
  "createdAt",
  "updatedAt",
  "expiresAt",
  "processed",
  "voided",
  "pending",
  "settleNote",
  "refCaseId",
] as const;

/** Quoted column names of the cases table by property, and its table and enum cast. */
export interface CaseNames {
  table: string;
  c: Record<(typeof CASE_COLUMNS)[number], string>;
  typeCast: string;
}

export function caseNames(cases: EntitySql<Case>): CaseNames {
  const c = namesOf(cases as unknown as EntitySql<Case & Record<string, unknown>>, CASE_COLUMNS);
  return { table: cases.table, c, typeCast: cases.castType(cases.column("type")) };
}

/**
 * `$1` guild, `$2` after this number, `$3` limit, then the filter's parameters: the next page of cases in
 * number order as one text of JSON lines (`,\n` between them), built by PostgreSQL (`sections` adds each
 * section's JSON under its key), with the page's last number and size. A keyset page: never the whole
 * table, and no row objects in the bot's memory.
 */
export function exportPageSql(
  names: CaseNames,
  filter: { targetId: boolean; since: boolean; numbers?: boolean },
  sections: readonly { key: string; json: string }[],
): string {
  const { table, c } = names;
  const conditions = [`k.${c.guildId} = $1`, `k.${c.number} > $2`];
  if (filter.targetId) conditions.push(`k.${c.targetId} = $${conditions.length + 2}`);
  if (filter.since) conditions.push(`k.${c.createdAt} >= $${conditions.length + 2}`);
  // Given case numbers (a page the dashboard's search found, newest first): kept in that order.
  if (filter.numbers) conditions.push(`k.${c.number} = ANY($${conditions.length + 2}::integer[])`);
  const order = filter.numbers ? "DESC" : "ASC";
  const fields = [
    `'number', k.${c.number}`,
    `'type', k.${c.type}`,
    `'targetId', k.${c.targetId}::text`,
    `'moderatorId', k.${c.moderatorId}::text`,
    `'reason', k.${c.reason}`,
    `'createdAt', ${isoText(`k.${c.createdAt}`)}`,
    `'updatedAt', ${isoText(`k.${c.updatedAt}`)}`,
    `'expiresAt', ${isoText(`k.${c.expiresAt}`)}`,
    `'processed', k.${c.processed}`,
    `'voided', k.${c.voided}`,
    `'pending', k.${c.pending}`,
    `'settleNote', k.${c.settleNote}`,
    `'refersTo', r.${c.number}`,
    ...sections.map((section) => `'${section.key}', ${section.json}`),
  ];
  return (
    `SELECT max(page.number) AS last, count(*)::integer AS count, string_agg(page.line, E',\n' ORDER BY page.number ${order}) AS text ` +
    `FROM (SELECT k.${c.number} AS number, json_build_object(${fields.join(", ")})::text AS line ` +
    `FROM ${table} k LEFT JOIN ${table} r ON r.${c.id} = k.${c.refCaseId} ` +
    `WHERE ${conditions.join(" AND ")} ORDER BY k.${c.number} ${order} LIMIT $3) page`
  );
}

/**
 * `$1` guild, `$2` JSON array of cases: inserts them, numbers kept; a number the guild already has is
 * skipped, and only the cases inserted are returned, id and number (the caller refuses the file when one
 * was skipped, and links references and sections by these ids).
 */
export function insertCasesSql(names: CaseNames): string {
  const { table, c, typeCast } = names;
  return (
    `INSERT INTO ${table} (${c.guildId}, ${c.number}, ${c.type}, ${c.targetId}, ${c.moderatorId}, ${c.reason}, ` +
    `${c.createdAt}, ${c.updatedAt}, ${c.expiresAt}, ${c.processed}, ${c.voided}, ${c.pending}, ${c.settleNote}) ` +
    `SELECT $1, x.number, x.type::${typeCast}, x."targetId"::bigint, x."moderatorId"::bigint, x.reason, ` +
    `x."createdAt", x."updatedAt", x."expiresAt", x.processed, x.voided, x.pending, x."settleNote" ` +
    `FROM jsonb_to_recordset($2::jsonb) AS x(number integer, type text, "targetId" text, "moderatorId" text, ` +
    `reason text, "createdAt" timestamptz, "updatedAt" timestamptz, "expiresAt" timestamptz, processed boolean, ` +
    `voided boolean, pending boolean, "settleNote" text) ` +
    `ON CONFLICT (${c.guildId}, ${c.number}) DO NOTHING RETURNING ${c.id} AS id, ${c.number} AS number`
  );
}

/**
 * `$1` case ids, `$2` the ids they refer to: sets each case's reference, by primary key. The ids are the
 * import's own (returned by its inserts, or found in its guild): a guild condition here would only tempt
 * the planner, which sees the guild as empty, into reading the guild's cases once per statement.
 */
export function linkCasesSql(names: CaseNames): string {
  const { table, c } = names;
  return (
    `UPDATE ${table} k SET ${c.refCaseId} = v.ref FROM unnest($1::integer[], $2::integer[]) AS v(id, ref) ` +
    `WHERE k.${c.id} = v.id`
  );
}

/** `$1` guild, `$2` numbers: those of them the guild has, with their ids. */
export function existingCasesSql(names: CaseNames): string {
  const { table, c } = names;
  return `SELECT ${c.id} AS id, ${c.number} AS number FROM ${table} WHERE ${c.guildId} = $1 AND ${c.number} = ANY($2::integer[])`;
}

/** `$1` guild: creates its row or locks it (new cases wait for the import), returning its counter. */
export function lockGuildSql(guilds: EntitySql<Guild>): string {
  const id = guilds.columnName("id");
  const counter = guilds.columnName("caseCounter");
  return (
    `INSERT INTO ${guilds.table} (${id}, ${counter}) VALUES ($1, 0) ` +
    `ON CONFLICT (${id}) DO UPDATE SET ${counter} = ${guilds.table}.${counter} RETURNING ${counter} AS counter`
  );
}

/** `$1` guild, `$2` the highest number imported: the next new case is numbered after it. */
export function raiseCounterSql(guilds: EntitySql<Guild>): string {
  const id = guilds.columnName("id");
  const counter = guilds.columnName("caseCounter");
  return `UPDATE ${guilds.table} SET ${counter} = GREATEST(${counter}, $2) WHERE ${id} = $1`;
}

export type EditNames = Record<
  "id" | "caseId" | "editorId" | "field" | "before" | "after" | "note" | "editedAt",
  string
> & {
  table: string;
};

export function editNames(edits: EntitySql<CaseEdit>): EditNames {
  const properties = ["id", "caseId", "editorId", "field", "before", "after", "note", "editedAt"] as const;
  return {
    table: edits.table,
    ...namesOf(edits as unknown as EntitySql<CaseEdit & Record<string, unknown>>, properties),
  };
}
