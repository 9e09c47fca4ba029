import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Column types whose values pass TypeORM's PostgreSQL driver unchanged both ways: preparePersistentValue
 * and prepareHydratedValue return them as given (their branches are for booleans, dates, JSON, enums,
 * geometry and the like), so a column of one of these types without a transformer skips the calls.
 */
const SENT_AS_IS: ReadonlySet<unknown> = new Set([
  "varchar",
  "character varying",
  "text",
  "citext",
  "char",
  "character",
  "uuid",
  "smallint",
  "int2",
  "integer",
  "int",
  "int4",
  "bigint",
  "int8",
  "numeric",
  "decimal",
]);

/** A column of one of those types, without a transformer: the driver's conversions would return its values as given. */
export function passesDriverAsIs(column: ColumnMetadata): boolean {
  return !column.transformer && SENT_AS_IS.has(column.type);
}
