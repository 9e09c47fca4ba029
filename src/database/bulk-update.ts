import type { ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { EntitySql, Statement } from "./entity-sql";

export interface BulkChange<T> {
  id: string | number;
  changes: Partial<T>;
}

/** Rows per statement: arrays are single parameters, so this bounds memory, not the parameter count. */
const BATCH_ROWS = 10_000;

/** The rows that change one set of columns: the ids and, per column, the values, already driver-ready. */
interface Group {
  readonly columns: readonly ColumnMetadata[];
  readonly ids: unknown[];
  readonly values: unknown[][];
}

/**
 * Plans `UPDATE … FROM unnest(…)` statements for a list of per-row changes. Rows that change the same set
 * of columns share a statement; a later change to the same id overrides an earlier one.
 */
export function planBulkUpdate<T extends ObjectLiteral>(
  sql: EntitySql<T>,
  changes: readonly BulkChange<T>[],
): Statement[] {
  const primary = sql.primaryColumn;
  const idAsIs = sql.passesAsIs(primary);
  const groups = new Map<string, Group>();
  // One pass, straight into the parameter arrays: no per-row tuple is made, since 10,000 of them cost
  // about as much as the statement's own planning on the server.
  for (const { id, changes: delta } of distinctRows(changes)) {
    const values = delta as Record<string, unknown>;
    const signature = signatureOf(values);
    if (signature === "") continue;
    let group = groups.get(signature);
    if (!group) {
      group = newGroup(sql, signature);
      groups.set(signature, group);
    }
    group.ids.push(idAsIs ? id : sql.persistent(primary, id));
    const { columns } = group;
    for (let index = 0; index < columns.length; index += 1) {
      const column = columns[index] as ColumnMetadata;
      const value = values[column.propertyName];
      (group.values[index] as unknown[]).push(sql.passesAsIs(column) ? value : sql.persistent(column, value));
    }
  }

  const statements: Statement[] = [];
  for (const group of groups.values()) {
    const text = updateText(sql, group.columns);
    for (let start = 0; start < group.ids.length; start += BATCH_ROWS) {
      const slice = <V>(array: V[]): V[] =>
        start === 0 && array.length <= BATCH_ROWS ? array : array.slice(start, start + BATCH_ROWS);
      statements.push({ sql: text, params: [slice(group.ids), ...group.values.map(slice)] });
    }
  }
  return statements;
}

function newGroup<T extends ObjectLiteral>(sql: EntitySql<T>, signature: string): Group {
  const columns = sql.writable(signature.split(","));
  for (const column of columns) {
    if (column.isArray)
      throw new Error(`bulkUpdate cannot set array column ${column.propertyName}; use updateById`);
  }
  return { columns, ids: [], values: columns.map(() => []) };
}

function updateText<T extends ObjectLiteral>(sql: EntitySql<T>, columns: readonly ColumnMetadata[]): string {
  const primary = sql.primaryColumn;
  const updateDate = sql.metadata.updateDateColumn;
  const stamp = updateDate && !columns.includes(updateDate) ? `, ${sql.quoted(updateDate)} = now()` : "";
  const assignments = columns.map((column, index) => `${sql.quoted(column)} = v.c${index}`).join(", ");
  const unnestArgs = [primary, ...columns].map((column, index) => `$${index + 1}::${sql.castType(column)}[]`);
  const aliases = ["id", ...columns.map((_column, index) => `c${index}`)].join(", ");
  return (
    `UPDATE ${sql.table} AS t SET ${assignments}${stamp} ` +
    `FROM unnest(${unnestArgs.join(", ")}) AS v(${aliases}) WHERE t.${sql.quoted(primary)} = v.id`
  );
}

/**
 * The changes with one entry per row: as given when no id repeats (the usual case, checked with a set of
 * keys only), else merged so that a later change to an id overrides an earlier one, property by property.
 */
function distinctRows<T>(changes: readonly BulkChange<T>[]): readonly BulkChange<T>[] {
  const dense = repeatsAmongDenseIntegers(changes);
  if (dense !== undefined) return dense ? mergedRows(changes) : changes;
  const seen = new Set<string | number>();
  for (const { id } of changes) {
    const key = rowKey(id);
    if (seen.has(key)) return mergedRows(changes);
    seen.add(key);
  }
  return changes;
}

/**
 * Whether an id repeats, when every id is a whole number and they lie close together (serial keys, the usual
 * case): one byte per possible id, several times cheaper than a Set of 10,000 keys. Undefined otherwise.
 */
function repeatsAmongDenseIntegers<T>(changes: readonly BulkChange<T>[]): boolean | undefined {
  if (changes.length < 2) return false;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const { id } of changes) {
    if (typeof id !== "number" || !Number.isSafeInteger(id)) return undefined;
    if (id < lowest) lowest = id;
    if (id > highest) highest = id;
  }
  const span = highest - lowest + 1;
  if (span > DENSE_SPAN_PER_ROW * changes.length + 1024) return undefined;
  const seen = new Uint8Array(span);
  for (const { id } of changes) {
    const slot = (id as number) - lowest;
    if (seen[slot] === 1) return true;
    seen[slot] = 1;
  }
  return false;
}

/** How sparse numeric ids may be (possible ids per row) for the byte map to beat a Set. */
const DENSE_SPAN_PER_ROW = 8;

function mergedRows<T>(changes: readonly BulkChange<T>[]): BulkChange<T>[] {
  // Keyed so that "7" and 7 are one row; each entry keeps the id as first given, so numeric ids reach the
  // driver as numbers (no quoting in the array literal).
  const merged = new Map<string | number, BulkChange<T>>();
  for (const change of changes) {
    const key = rowKey(change.id);
    const earlier = merged.get(key);
    merged.set(
      key,
      earlier
        ? { id: earlier.id, changes: { ...earlier.changes, ...definedEntries(change.changes) } }
        : change,
    );
  }
  return [...merged.values()];
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

function definedEntries(values: object): Partial<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
