import type { DataSource, EntityMetadata, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { invalid } from "../errors/validation-error";
import { passesDriverAsIs } from "./driver-values";

/** PostgreSQL refuses a statement with more bind parameters than this. */
export const MAX_BIND_PARAMETERS = 65_535;

export interface Statement {
  sql: string;
  params: unknown[];
}

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/**
 * SQL text and row mapping for one entity, derived once from TypeORM's metadata. It lets the hot paths
 * (get by id, update by id, bulk writes) send one hand-shaped statement instead of going through the
 * query builder, while column names, value conversion and hydration stay TypeORM's.
 */
export class EntitySql<T extends ObjectLiteral> {
  readonly table: string;
  readonly columns: readonly ColumnMetadata[];
  readonly selectList: string;
  private readonly byProperty: ReadonlyMap<string, ColumnMetadata>;
  private readonly primary: ColumnMetadata | undefined;
  private readonly sentAsIs: ReadonlySet<ColumnMetadata>;
  private selectByIdText: string | undefined;

  constructor(
    private readonly source: DataSource,
    readonly metadata: EntityMetadata,
  ) {
    this.table = metadata.schema
      ? `${quote(metadata.schema)}.${quote(metadata.tableName)}`
      : quote(metadata.tableName);
    this.columns = metadata.columns.filter((column) => !column.isVirtual);
    this.selectList = this.columns.map((column) => quote(column.databaseName)).join(", ");
    this.byProperty = new Map(this.columns.map((column) => [column.propertyName, column]));
    this.primary = metadata.primaryColumns.length === 1 ? metadata.primaryColumns[0] : undefined;
    this.sentAsIs = new Set(this.columns.filter(passesDriverAsIs));
  }

  get name(): string {
    return this.metadata.name;
  }

  /** The single primary-key column; id-based operations need one. */
  get primaryColumn(): ColumnMetadata {
    if (!this.primary)
      throw new Error(`${this.name} has a composite primary key; use the where-based methods`);
    return this.primary;
  }

  /** `SELECT <every column> … WHERE <primary key> = $1`, built at first use. */
  get selectById(): string {
    this.selectByIdText ??= `SELECT ${this.selectList} FROM ${this.table} WHERE ${this.quoted(this.primaryColumn)} = $1`;
    return this.selectByIdText;
  }

  get primaryProperty(): string {
    return this.primaryColumn.propertyName;
  }

  column(property: string): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw invalid(property, "validation.unknown_field");
    return column;
  }

  /** A property's column name, quoted, for hand-written SQL: a renamed property breaks the build. */
  columnName(property: keyof T & string): string {
    return quote(this.column(property).databaseName);
  }

  quoted(column: ColumnMetadata): string {
    return quote(column.databaseName);
  }

  /** True when the column's values pass the driver unchanged both ways (see passesDriverAsIs). */
  passesAsIs(column: ColumnMetadata): boolean {
    return this.sentAsIs.has(column);
  }

  /** Converts an entity value to what the driver sends (transformers, dates, JSON, arrays). */
  persistent(column: ColumnMetadata, value: unknown): unknown {
    if (this.passesAsIs(column)) return value;
    return this.source.driver.preparePersistentValue(value, column);
  }

  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as Record<string, unknown>;
    for (const column of this.columns) {
      if (!(column.databaseName in row)) continue;
      const value = row[column.databaseName];
      entity[column.propertyName] = this.passesAsIs(column)
        ? value
        : this.source.driver.prepareHydratedValue(value, column);
    }
    return entity as T;
  }

  /** The SQL type to cast text-encoded parameters to, as in `$1::integer[]`. */
  castType(column: ColumnMetadata): string {
    const base =
      column.type === "enum" || column.type === "simple-enum"
        ? quote(column.enumName ?? `${this.metadata.tableName}_${column.databaseName}_enum`)
        : this.source.driver.normalizeType(column);
    return column.isArray ? `${base}[]` : base;
  }

  /** Columns a caller may write: everything but database-generated identities. */
  writable(properties: Iterable<string>): ColumnMetadata[] {
    const columns: ColumnMetadata[] = [];
    for (const property of properties) {
      const column = this.column(property);
      if (column.isGenerated && column.generationStrategy !== "uuid") {
        throw invalid(property, "validation.read_only");
      }
      columns.push(column);
    }
    return columns;
  }

  /** `SET` list for the given changes, stamping the update-date column when there is one. */
  assignments(changes: Partial<T>, params: unknown[]): string {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) throw invalid("changes", "validation.no_changes");
    const parts = this.writable(entries.map(([property]) => property)).map((column, index) => {
      params.push(this.persistent(column, entries[index]?.[1]));
      return `${quote(column.databaseName)} = $${params.length}`;
    });
    const updateDate = this.metadata.updateDateColumn;
    if (updateDate && !entries.some(([property]) => property === updateDate.propertyName)) {
      parts.push(`${quote(updateDate.databaseName)} = now()`);
    }
    return parts.join(", ");
  }

  /**
   * One row's `INSERT … SELECT … FROM source`: the row's values as parameters (appended to `params`), and
   * the `computed` columns as SQL expressions over `source`, e.g. a number taken by a `WITH` in the same
   * statement. Properties left undefined take the column's DEFAULT.
   */
  insertFrom(
    row: Partial<T>,
    computed: Readonly<Partial<Record<keyof T & string, string>>>,
    source: string,
    params: unknown[],
  ): string {
    const record = row as Record<string, unknown>;
    const given = Object.keys(record).filter(
      (property) =>
        record[property] !== undefined && !(property in computed) && this.byProperty.has(property),
    );
    const values = this.writable(given).map((column) => {
      params.push(this.persistent(column, record[column.propertyName]));
      return `$${params.length}`;
    });
    const derived = Object.entries(computed).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const columns = [...this.writable(given), ...this.writable(derived.map(([property]) => property))];
    const columnList = columns.map((column) => quote(column.databaseName)).join(", ");
    const expressions = [...values, ...derived.map(([, expression]) => expression)].join(", ");
    return `INSERT INTO ${this.table} (${columnList}) SELECT ${expressions} FROM ${source}`;
  }

  /**
   * Multi-row INSERTs for `rows`, split so that no statement exceeds PostgreSQL's bind-parameter limit.
   * A property a row leaves undefined takes the column's DEFAULT.
   */
  inserts(rows: readonly Partial<T>[], suffix = ""): Statement[] {
    const properties = new Set<string>();
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      for (const property of Object.keys(record)) {
        if (record[property] !== undefined && this.byProperty.has(property)) properties.add(property);
      }
    }
    const columns = this.writable(properties);
    if (columns.length === 0) {
      return rows.map(() => ({ sql: `INSERT INTO ${this.table} DEFAULT VALUES ${suffix}`, params: [] }));
    }
    const columnList = columns.map((column) => quote(column.databaseName)).join(", ");
    const perStatement = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / columns.length));
    const statements: Statement[] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let index = start; index < Math.min(rows.length, start + perStatement); index += 1) {
        const record = rows[index] as Record<string, unknown>;
        let tuple = "(";
        for (const [position, column] of columns.entries()) {
          const value = record[column.propertyName];
          if (position > 0) tuple += ", ";
          if (value === undefined) {
            tuple += "DEFAULT";
          } else {
            params.push(this.persistent(column, value));
            tuple += `$${params.length}`;
          }
        }
        tuples.push(`${tuple})`);
      }
      statements.push({
        sql: `INSERT INTO ${this.table} (${columnList}) VALUES ${tuples.join(", ")} ${suffix}`.trimEnd(),
        params,
      });
    }
    return statements;
  }
}
