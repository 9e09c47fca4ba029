import type { ObjectLiteral } from "typeorm";
import type { EntitySql, Statement } from "./entity-sql";

export interface BulkChange<T> {
  id: string | number;
  changes: Partial<T>;
}

type Entry = [id: string | number, values: Record<string, unknown>];

/** Rows per statement: arrays are single parameters, so this bounds memory, not the parameter count. */
const BATCH_ROWS = 10_000;

/**
 * Plans `UPDATE … FROM unnest(…)` statements for a list of per-row changes. Rows that change the same set
 * of columns share a statement; a later change to the same id overrides an earlier one.
 */
export function planBulkUpdate<T extends ObjectLiteral>(
  sql: EntitySql<T>,
  changes: readonly BulkChange<T>[],
): Statement[] {
  // Keyed so that "7" and 7 are one row; each entry keeps the id as given, so numeric ids reach the driver
  // as numbers (no quoting in the array literal).
  const merged = new Map<string | number, Entry>();
  for (const { id, changes: delta } of changes) {
    const key = rowKey(id);
    const earlier = merged.get(key);
    merged.set(
      key,
      earlier
        ? [earlier[0], { ...earlier[1], ...definedEntries(delta) }]
        : [id, delta as Record<string, unknown>],
    );
  }
  const groups = new Map<string, Entry[]>();
  for (const entry of merged.values()) {
    const signature = signatureOf(entry[1]);
    if (signature === "") continue;
    const group = groups.get(signature);
    if (group) group.push(entry);
    else groups.set(signature, [entry]);
  }

  const primary = sql.primaryColumn;
  const statements: Statement[] = [];
  for (const [signature, rows] of groups) {
    const columns = sql.writable(signature.split(","));
    for (const column of columns) {
      if (column.isArray)
        throw new Error(`bulkUpdate cannot set array column ${column.propertyName}; use updateById`);
    }
    const updateDate = sql.metadata.updateDateColumn;
    const stamp = updateDate && !columns.includes(updateDate) ? `, ${sql.quoted(updateDate)} = now()` : "";
    const assignments = columns.map((column, index) => `${sql.quoted(column)} = v.c${index}`).join(", ");
    const unnestArgs = [primary, ...columns].map(
      (column, index) => `$${index + 1}::${sql.castType(column)}[]`,
    );
    const aliases = ["id", ...columns.map((_column, index) => `c${index}`)].join(", ");
    const text =
      `UPDATE ${sql.table} AS t SET ${assignments}${stamp} ` +
      `FROM unnest(${unnestArgs.join(", ")}) AS v(${aliases}) WHERE t.${sql.quoted(primary)} = v.id`;
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      const params: unknown[] = [batch.map(([id]) => sql.persistent(primary, id))];
      for (const column of columns) {
        params.push(batch.map(([, values]) => sql.persistent(column, values[column.propertyName])));
      }
      statements.push({ sql: text, params });
    }
  }
  return statements;
}

/**
 * One key per row whichever way its id is given: numbers as they are (no string made and hashed per row),
 * and a string that is a whole number's canonical text as that number; any other string as it is.
 */
function rowKey(id: string | number): string | number {
  if (typeof id === "number") return id;
  return SAFE_WHOLE_NUMBER.test(id) ? Number(id) : id;
}

/** Canonical decimal text of a whole number below 2^53 (at most 15 digits, no leading zero). */
const SAFE_WHOLE_NUMBER = /^-?(0|[1-9]\d{0,14})$/;

/** The sorted names of the properties a change sets: rows with the same signature share a statement. */
function signatureOf(values: Record<string, unknown>): string {
  const keys = Object.keys(values);
  if (keys.length === 1) {
    const only = keys[0] as string;
    return values[only] === undefined ? "" : only;
  }
  return keys
    .filter((property) => values[property] !== undefined)
    .sort()
    .join(",");
}

function definedEntries(values: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
