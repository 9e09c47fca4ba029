import { Client, type ClientBase } from "pg";
import { quoteIdent } from "./catalog";
import { type BackupHeader, type ProgressOptions } from "./format";
import { BackupError } from "../../errors/backup-errors";
import type { LogicalBackupReader } from "./logical-reader";
import { resetCounters } from "./sequences";

const INSERT_ROWS = 10_000;

/** Every table named by the backup must exist on the target and be empty: a restore never merges. */
async function refuseNonEmpty(client: ClientBase, header: BackupHeader): Promise<void> {
  for (const table of header.tables) {
    const exists = await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [
      quoteIdent(table.name),
    ]);
    if (!exists.rows[0]?.present)
      throw new BackupError(`table ${table.name} of the backup does not exist after migrating the target`);
    const occupied = await client.query(`SELECT 1 FROM ${quoteIdent(table.name)} LIMIT 1`);
    if (occupied.rows.length > 0)
      throw new BackupError(
        `the target database is not empty (table ${table.name} has rows); restore into an empty database`,
      );
  }
}

/** Inserts rows given in composite text form: PostgreSQL parses the array once into the table's row type. */
async function insertRows(client: ClientBase, table: string, rows: string[]): Promise<void> {
  const name = quoteIdent(table);
  await client.query(`INSERT INTO ${name} OVERRIDING SYSTEM VALUE SELECT * FROM unnest($1::${name}[])`, [
    rows,
  ]);
}

/** Loads the rows after the header in one transaction (FK order is the file's order), then fixes counters. */
export async function loadLogicalBackup(
  url: string,
  reader: LogicalBackupReader,
  header: BackupHeader,
  options: ProgressOptions = {},
): Promise<number> {
  const client = new Client({ connectionString: url, application_name: "warden-restore" });
  // A connection lost between two statements is reported as an event, which would otherwise end the process;
  // the next statement fails with it instead.
  client.on("error", () => undefined);
  await client.connect();
  const totals = new Map(header.tables.map((table) => [table.name, table.rows]));
  let table: string | undefined;
  let tablesDone = -1;
  let tableRows = 0;
  let rowsDone = 0;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (!table || pending.length === 0) return;
    await insertRows(client, table, pending);
    tableRows += pending.length;
    rowsDone += pending.length;
    pending = [];
    options.onProgress?.({
      phase: "restore",
      table,
      tableRows,
      tableTotal: totals.get(table) ?? 0,
      tablesDone,
      tablesTotal: header.tables.length,
      rowsDone,
    });
  };
  try {
    await client.query("BEGIN");
    await refuseNonEmpty(client, header);
    for await (const entry of reader.entries()) {
      if (entry.kind === "table") {
        await flush();
        if (!totals.has(entry.table))
          throw new BackupError(`the backup names table ${entry.table} twice or not in its header`);
        table = entry.table;
        tablesDone += 1;
        tableRows = 0;
        continue;
      }
      if (!table) throw new BackupError("the backup has rows before any table");
      pending.push(entry.row);
      if (pending.length >= INSERT_ROWS) await flush();
    }
    await flush();
    const expected = header.tables.reduce((sum, entry) => sum + entry.rows, 0);
    if (rowsDone !== expected)
      throw new BackupError(
        `the backup is truncated: ${rowsDone} rows read, the header promises ${expected}`,
      );
    await resetCounters(client);
    await client.query("COMMIT");
    return rowsDone;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
