import type { ClientBase } from "pg";

export const MIGRATIONS_TABLE = "migrations";

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Application tables (every table but the migrations log), parents before the tables referring to them. */
export async function tablesInForeignKeyOrder(client: ClientBase): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
     WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND relname <> $1
     ORDER BY relname`,
    [MIGRATIONS_TABLE],
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint c
     JOIN pg_class child ON child.oid = c.conrelid
     JOIN pg_class parent ON parent.oid = c.confrelid
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND c.conrelid <> c.confrelid`,
  );
  const parents = new Map<string, Set<string>>(tables.rows.map((row) => [row.name, new Set<string>()]));
  for (const edge of edges.rows) parents.get(edge.child)?.add(edge.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < parents.size) {
    const ready = [...parents].filter(
      ([table, needs]) => !placed.has(table) && [...needs].every((parent) => placed.has(parent)),
    );
    if (ready.length === 0) throw new Error("foreign keys form a cycle between tables; cannot order them");
    for (const [table] of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** The primary-key columns of `table`, quoted, for a stable row order (empty when it has none). */
export async function primaryKeyColumns(client: ClientBase, table: string): Promise<string[]> {
  const result = await client.query<{ column: string }>(
    `SELECT a.attname AS column
     FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = (current_schema() || '.' || quote_ident($1))::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return result.rows.map((row) => quoteIdent(row.column));
}

/** Names of the applied migrations, oldest first ([] on a database never migrated). */
export async function appliedMigrations(client: ClientBase): Promise<string[]> {
  const present = await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [
    MIGRATIONS_TABLE,
  ]);
  if (!present.rows[0]?.present) return [];
  const rows = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
  return rows.rows.map((row) => row.name);
}
