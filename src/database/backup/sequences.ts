import type { ClientBase } from "pg";
import { MIGRATIONS_TABLE, quoteIdent } from "./catalog";

/**
 * After rows were loaded with their own ids: identity/serial sequences continue after the largest id, and
 * each guild's case counter (which every new case increments) is at least its highest case number.
 */
export async function resetCounters(client: ClientBase): Promise<void> {
  const sequences = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column,
            pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
     FROM pg_class c
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $1
       AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    [MIGRATIONS_TABLE],
  );
  for (const row of sequences.rows) {
    await client.query(
      `SELECT setval($1, COALESCE((SELECT max(${quoteIdent(row.column)}) FROM ${quoteIdent(row.table)}), 0) + 1, false)`,
      [row.sequence],
    );
  }
  const hasCases = await client.query<{ present: boolean }>(
    "SELECT to_regclass('guilds') IS NOT NULL AND to_regclass('cases') IS NOT NULL AS present",
  );
  if (!hasCases.rows[0]?.present) return;
  await client.query(
    `UPDATE guilds g SET case_counter = m.top
     FROM (SELECT guild_id, max(number) AS top FROM cases GROUP BY guild_id) m
     WHERE m.guild_id = g.id AND g.case_counter < m.top`,
  );
}
