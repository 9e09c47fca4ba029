import { rmSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { BackupService } from "../../src/database/backup/backup-service";
import { pgDump, pgRestore } from "../../src/database/backup/pg-dump";
import { DatabaseService } from "../../src/database/database-service";
import { benchLogger, type BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { ms } from "../lib/stats";
import { withDatabase } from "../lib/server";

const GUILDS = 1_000;
const CASES_PER_GUILD = 500;
const LEDGER_ROWS = 1_000_000 - GUILDS - GUILDS * CASES_PER_GUILD;
const RESTORE_DATABASE = "warden_bench_restore";

/** One million rows across guilds, cases and ledger entries, generated in SQL (untimed). */
async function fill(context: BenchContext): Promise<number> {
  const tables = await context.raw.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrations'",
  );
  await context.raw.query(
    `TRUNCATE ${tables.rows.map((row) => row.name).join(", ")} RESTART IDENTITY CASCADE`,
  );
  await context.raw.query(
    `INSERT INTO guilds (id, case_counter) SELECT g, $1 FROM generate_series(1, $2::int) g`,
    [CASES_PER_GUILD, GUILDS],
  );
  await context.raw.query(
    `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason)
     SELECT g, n, 'warn', 100000 + n, 42, 'generated case ' || n
     FROM generate_series(1, $1::int) g, generate_series(1, $2::int) n`,
    [GUILDS, CASES_PER_GUILD],
  );
  await context.raw.query(
    `INSERT INTO ledger_entries (guild_id, user_id, kind, delta, balance_after, reason)
     SELECT 1 + i % $2, 1000 + i, 'admin_add', 10, 10 * i, 'generated'
     FROM generate_series(1, $1::int) i`,
    [LEDGER_ROWS, GUILDS],
  );
  await context.raw.query("VACUUM ANALYZE");
  return GUILDS + GUILDS * CASES_PER_GUILD + LEDGER_ROWS;
}

async function freshDatabase(context: BenchContext): Promise<string> {
  await context.raw.query(`DROP DATABASE IF EXISTS ${RESTORE_DATABASE} WITH (FORCE)`);
  await context.raw.query(`CREATE DATABASE ${RESTORE_DATABASE}`);
  return withDatabase(context.db.connectionUrl, RESTORE_DATABASE);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function restoreWithService(url: string, file: string): Promise<number> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
    DB_STATEMENT_TIMEOUT_MS: "0",
  });
  const target = new DatabaseService(config, benchLogger());
  await target.start({ migrate: false });
  try {
    return await timed(() => new BackupService(target).restore(file));
  } finally {
    await target.close();
  }
}

/** The built-in backup and restore of a 1,000,000-row database, against pg_dump/pg_restore when usable. */
export async function benchBackup(context: BenchContext, report: Reporter): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-backup-"));
  try {
    progress("backup: generating 1,000,000 rows");
    const rows = await fill(context);
    const service = new BackupService(context.db);
    const availability = await service.pgDumpAvailability();
    const file = path.join(dir, "bench.wbak.gz");
    const backupMs = await timed(() => service.backup(file, { format: "logical" }));
    progress(`backup: built-in backup ${ms(backupMs)}`);
    const restoreMs = await restoreWithService(await freshDatabase(context), file);
    progress(`backup: built-in restore ${ms(restoreMs)}`);
    const absent = availability.usable ? "" : `; no vs_pg_dump/vs_pg_restore ratio: ${availability.reason}`;
    report.emit(
      "backup.rows_per_s",
      rows / (backupMs / 1000),
      "rows/s",
      `built-in backup of ${rows} rows (cursor reads, gzip JSON lines) in ${ms(backupMs)}, one run${absent}`,
    );
    report.emit(
      "restore.rows_per_s",
      rows / (restoreMs / 1000),
      "rows/s",
      `built-in restore of ${rows} rows into an empty database (migrations, INSERT … SELECT unnest(row[]) of 10,000 rows in one transaction, sequences) in ${ms(restoreMs)}, one run${absent}`,
    );
    if (!availability.usable) return;
    const dump = path.join(dir, "bench.dump");
    const dumpMs = await timed(() => pgDump(context.db.connectionUrl, dump));
    const target = await freshDatabase(context);
    const pgRestoreMs = await timed(() => pgRestore(target, dump));
    report.emit(
      "backup.vs_pg_dump",
      backupMs / dumpMs,
      "ratio",
      `built-in backup ${ms(backupMs)} / pg_dump -Fc ${ms(dumpMs)} on the same ${rows} rows (${availability.reason}), one run each`,
    );
    report.emit(
      "restore.vs_pg_restore",
      restoreMs / pgRestoreMs,
      "ratio",
      `built-in restore ${ms(restoreMs)} / pg_restore --single-transaction ${ms(pgRestoreMs)} into an empty database, one run each`,
    );
  } finally {
    await context.raw
      .query(`DROP DATABASE IF EXISTS ${RESTORE_DATABASE} WITH (FORCE)`)
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
