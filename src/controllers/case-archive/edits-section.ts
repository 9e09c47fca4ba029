import { CASE_EDIT_FIELDS, type CaseEditField } from "../../entities/case-edit";
import { isoText } from "./archive-sql";
import type { CaseSection, SectionContext, SectionEntries } from "./sections";

/** One change in a case's history, as exported: a reference's before/after are case numbers. */
export interface ArchivedEdit {
  editorId: string;
  field: CaseEditField;
  before: string | null;
  after: string | null;
  note: string | null;
  editedAt: string;
}

const SNOWFLAKE = /^\d{17,20}$/;
const REFERENCE: CaseEditField = "refCaseId";

/** `expression` (a case id or number as text) turned into the other, within guild `guild`. */
function swapped(context: SectionContext, expression: string, from: "id" | "number", guild: string): string {
  const { table, c } = context.cases;
  const to = from === "id" ? c.number : c.id;
  const source = from === "id" ? c.id : c.number;
  return `(SELECT s.${to}::text FROM ${table} s WHERE s.${c.guildId} = ${guild} AND s.${source} = ${expression}::integer)`;
}

function loadSql(context: SectionContext): string {
  const e = context.edits;
  const { table, c } = context.cases;
  const value = (column: string) =>
    `CASE WHEN e.${e.field} = '${REFERENCE}' THEN ${swapped(context, `e.${column}`, "id", `k.${c.guildId}`)} ELSE e.${column} END`;
  return (
    `SELECT e.${e.caseId} AS case_id, e.${e.editorId}::text AS editor_id, e.${e.field} AS field, ` +
    `${value(e.before)} AS before, ${value(e.after)} AS after, e.${e.note} AS note, ` +
    `${isoText(`e.${e.editedAt}`)} AS edited_at FROM ${e.table} e JOIN ${table} k ON k.${c.id} = e.${e.caseId} ` +
    `WHERE e.${e.caseId} = ANY($1::integer[]) ORDER BY e.${e.caseId}, e.${e.id}`
  );
}

function saveSql(context: SectionContext): string {
  const e = context.edits;
  const { table, c } = context.cases;
  const value = (field: string) =>
    `CASE WHEN x.field = '${REFERENCE}' THEN ${swapped(context, `x.${field}`, "number", "$1")} ELSE x.${field} END`;
  return (
    `INSERT INTO ${e.table} (${e.caseId}, ${e.editorId}, ${e.field}, ${e.before}, ${e.after}, ${e.note}, ${e.editedAt}) ` +
    `SELECT k.${c.id}, x."editorId"::bigint, x.field, ${value("before")}, ${value("after")}, x.note, x."editedAt" ` +
    `FROM jsonb_to_recordset($2::jsonb) AS x(number integer, "editorId" text, field text, ` +
    `before text, after text, note text, "editedAt" timestamptz, ord integer) ` +
    `JOIN ${table} k ON k.${c.guildId} = $1 AND k.${c.number} = x.number ORDER BY x.ord`
  );
}

interface EditRow {
  case_id: number;
  editor_id: string;
  field: CaseEditField;
  before: string | null;
  after: string | null;
  note: string | null;
  edited_at: string;
}

const text = (value: unknown): boolean => value === null || typeof value === "string";

/** The edit history: who changed which field of a case, when, before and after. */
export const EDITS_SECTION: CaseSection = {
  key: "edits",

  async load(context, caseIds) {
    const byCase = new Map<number, unknown[]>();
    if (caseIds.length === 0) return byCase;
    const result = await context.db.sql<EditRow>(loadSql(context), [[...caseIds]]);
    for (const row of result.rows) {
      const edit: ArchivedEdit = {
        editorId: row.editor_id,
        field: row.field,
        before: row.before,
        after: row.after,
        note: row.note,
        editedAt: row.edited_at,
      };
      const list = byCase.get(row.case_id) ?? [];
      list.push(edit);
      byCase.set(row.case_id, list);
    }
    return byCase;
  },

  references(entries) {
    return (entries as ArchivedEdit[]).flatMap((edit) =>
      edit.field === REFERENCE
        ? [edit.before, edit.after].flatMap((value) => (value ? [Number(value)] : []))
        : [],
    );
  },

  check(entry) {
    const edit = entry as Partial<ArchivedEdit> | null;
    const ok =
      typeof edit === "object" &&
      edit !== null &&
      typeof edit.editorId === "string" &&
      SNOWFLAKE.test(edit.editorId) &&
      CASE_EDIT_FIELDS.includes(edit.field as CaseEditField) &&
      text(edit.before) &&
      text(edit.after) &&
      text(edit.note) &&
      typeof edit.editedAt === "string" &&
      !Number.isNaN(Date.parse(edit.editedAt)) &&
      (edit.field !== REFERENCE ||
        [edit.before, edit.after].every((value) => value == null || /^\d+$/.test(value)));
    if (!ok) throw new Error("an edit is not well formed");
  },

  async save(context, guildId, cases: readonly SectionEntries[]) {
    const rows = cases.flatMap(({ number, entries }) =>
      (entries as ArchivedEdit[]).map((edit) => ({ number, ...edit })),
    );
    // In file order: the history keeps its order (its ids rise with it).
    rows.forEach((row, ord) => Object.assign(row, { ord }));
    if (rows.length > 0) await context.db.sql(saveSql(context), [guildId, JSON.stringify(rows)]);
  },
};
