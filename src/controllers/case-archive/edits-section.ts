import { CASE_EDIT_FIELDS, type CaseEditField } from "../../entities/case-edit";
import { MAX_CASE_NUMBER } from "./archive-format";
import { isoText } from "./archive-sql";
import type { CaseSection, SectionContext } from "./sections";

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

/** `expression` (a case id as text) turned into that case's number, within guild `guild`. */
function numberOf(context: SectionContext, expression: string, guild: string): string {
  const { table, c } = context.cases;
  return `(SELECT s.${c.number}::text FROM ${table} s WHERE s.${c.guildId} = ${guild} AND s.${c.id} = ${expression}::integer)`;
}

function jsonSql(context: SectionContext): string {
  const e = context.edits;
  const { c } = context.cases;
  const value = (column: string) =>
    `CASE WHEN e.${e.field} = '${REFERENCE}' THEN ${numberOf(context, `e.${column}`, `k.${c.guildId}`)} ELSE e.${column} END`;
  const edit =
    `json_build_object('editorId', e.${e.editorId}::text, 'field', e.${e.field}, 'before', ${value(e.before)}, ` +
    `'after', ${value(e.after)}, 'note', e.${e.note}, 'editedAt', ${isoText(`e.${e.editedAt}`)})`;
  return `(SELECT coalesce(json_agg(${edit} ORDER BY e.${e.id}), '[]'::json) FROM ${e.table} e WHERE e.${e.caseId} = k.${c.id})`;
}

function saveSql(context: SectionContext): string {
  const e = context.edits;
  return (
    `INSERT INTO ${e.table} (${e.caseId}, ${e.editorId}, ${e.field}, ${e.before}, ${e.after}, ${e.note}, ${e.editedAt}) ` +
    `SELECT x."caseId", x."editorId"::bigint, x.field, x.before, x.after, x.note, x."editedAt" ` +
    `FROM jsonb_to_recordset($1::jsonb) AS x("caseId" integer, "editorId" text, field text, ` +
    `before text, after text, note text, "editedAt" timestamptz, ord integer) ` +
    `ORDER BY x.ord`
  );
}

const text = (value: unknown): boolean => value === null || typeof value === "string";

/** The edit history: who changed which field of a case, when, before and after. */
export const EDITS_SECTION: CaseSection = {
  key: "edits",

  json: jsonSql,

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
        [edit.before, edit.after].every(
          (value) => value == null || (/^\d{1,10}$/.test(value) && Number(value) <= MAX_CASE_NUMBER),
        ));
    if (!ok) throw new Error("an edit is not well formed");
  },

  async save(context, cases, caseIdOf) {
    const idText = (number: string | null) => (number === null ? null : String(caseIdOf(Number(number))));
    const reference = (value: string | null, field: CaseEditField) =>
      field === REFERENCE ? idText(value) : value;
    // Named fields only: a key the file adds (a "caseId" of another guild's case) never reaches the INSERT.
    // In file order: the history keeps its order (its ids rise with it).
    const rows = cases.flatMap(({ caseId, entries }) =>
      (entries as ArchivedEdit[]).map(({ editorId, field, before, after, note, editedAt }) => ({
        caseId,
        editorId,
        field,
        before: reference(before, field),
        after: reference(after, field),
        note,
        editedAt,
      })),
    );
    const ordered = rows.map((row, ord) => ({ ...row, ord }));
    if (ordered.length > 0) await context.db.sql(saveSql(context), [JSON.stringify(ordered)]);
  },
};
