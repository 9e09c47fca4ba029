import { Client } from "pg";

/** One statement on a connection of its own, closed afterwards: for tests reading what processes wrote. */
export async function queryOnce<R extends Record<string, unknown>>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
