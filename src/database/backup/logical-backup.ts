import { once } from "node:events";
import { createWriteStream, statSync } from "node:fs";
import { finished } from "node:stream/promises";
import { createGzip, type Gzip } from "node:zlib";
import { Client } from "pg";
import { BACKUP_FILE_MODE } from "./backup-files";
import { appliedMigrations, primaryKeyColumns, quoteIdent, tablesInForeignKeyOrder } from "./catalog";
import {
  LOGICAL_FORMAT,
  LOGICAL_FORMAT_VERSION,
  type BackupHeader,
  type BackupResult,
  type ProgressOptions,
} from "./format";

const FETCH_ROWS = 5_000;

async function write(gzip: Gzip, text: string): Promise<void> {
  if (!gzip.write(text)) await once(gzip, "drain");
}

/**
 * Writes every application table from one REPEATABLE READ snapshot. Rows are read through a server-side
 * cursor in primary-key order as their composite text form (`t::text`), which PostgreSQL parses back to
 * exactly the same values on restore, so no type needs handling here; memory stays at one fetch.
 */
export async function writeLogicalBackup(
  url: string,
  file: string,
  options: ProgressOptions = {},
): Promise<BackupResult> {
  const client = new Client({ connectionString: url, application_name: "warden-backup" });
  // A connection lost between two statements is reported as an event, which would otherwise end the process;
  // the next statement fails with it instead.
  client.on("error", () => undefined);
  await client.connect();
  const gzip = createGzip();
  const output = gzip.pipe(createWriteStream(file, { mode: BACKUP_FILE_MODE }));
  let rowsDone = 0;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = await appliedMigrations(client);
    const tables: BackupHeader["tables"] = [];
    for (const name of await tablesInForeignKeyOrder(client)) {
      const count = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${quoteIdent(name)}`);
      tables.push({ name, rows: Number(count.rows[0]?.rows ?? 0) });
    }
    const header: BackupHeader = {
      format: LOGICAL_FORMAT,
      version: LOGICAL_FORMAT_VERSION,
      migration: migrations.at(-1) ?? null,
      migrations,
      createdAt: new Date().toISOString(),
      tables,
    };
    await write(gzip, `${JSON.stringify(header)}\n`);
    for (const [index, table] of tables.entries()) {
      await write(gzip, `${JSON.stringify({ table: table.name })}\n`);
      const order = await primaryKeyColumns(client, table.name);
      const orderBy = order.length > 0 ? ` ORDER BY ${order.join(", ")}` : "";
      await client.query(
        `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT t::text AS r FROM ${quoteIdent(table.name)} t${orderBy}`,
      );
      let tableRows = 0;
      for (;;) {
        const batch = await client.query<{ r: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
        if (batch.rows.length === 0) break;
        await write(gzip, batch.rows.map((row) => `${JSON.stringify(row.r)}\n`).join(""));
        tableRows += batch.rows.length;
        rowsDone += batch.rows.length;
        options.onProgress?.({
          phase: "backup",
          table: table.name,
          tableRows,
          tableTotal: table.rows,
          tablesDone: index,
          tablesTotal: tables.length,
          rowsDone,
        });
      }
      await client.query("CLOSE backup_rows");
    }
    await client.query("COMMIT");
    gzip.end();
    await finished(output);
    return { file, format: "logical", bytes: statSync(file).size, tables: tables.length, rows: rowsDone };
  } catch (error) {
    gzip.destroy();
    output.destroy();
    throw error;
  } finally {
    await client.end();
  }
}
