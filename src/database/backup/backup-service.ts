import { open } from "node:fs/promises";
import { statSync } from "node:fs";
import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database-service";
import { createPrivateFile } from "./backup-files";
import { detectFormat, type BackupFormat, type BackupResult, type ProgressOptions } from "./format";
import { BackupError } from "../../errors/backup-errors";
import { writeLogicalBackup } from "./logical-backup";
import { LogicalBackupReader } from "./logical-reader";
import { loadLogicalBackup } from "./logical-restore";
import { dumpedMigrations, pgDump, pgRestore, toolAvailability, type ToolAvailability } from "./pg-dump";
import { migrateUpTo, refuseNewerSchema, refuseTargetAhead } from "./schema-version";

export interface BackupOptions extends ProgressOptions {
  /** "auto" (default): pg_dump when it is usable against this server, else the built-in format. */
  format?: BackupFormat | "auto";
}

export interface RestoreResult {
  file: string;
  format: BackupFormat;
  migration: string | null;
  rows: number | null;
}

export function defaultBackupFile(format: BackupFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return `warden-backup-${stamp}${format === "pg_dump" ? ".dump" : ".wbak.gz"}`;
}

/** Backs the database up to a file and restores one into an empty database (see README "Backup and restore"). */
@injectable()
export class BackupService {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** Whether pg_dump and pg_restore on PATH can talk to this server (their major version ≥ the server's). */
  async pgDumpAvailability(): Promise<ToolAvailability> {
    const result = await this.db.sql<{ server_version_num: string }>("SHOW server_version_num");
    const server = Number(result.rows[0]?.server_version_num ?? 0);
    const dump = await toolAvailability("pg_dump", server);
    if (!dump.usable) return dump;
    const restore = await toolAvailability("pg_restore", server);
    return restore.usable ? { usable: true, reason: `${dump.reason}, ${restore.reason}` } : restore;
  }

  async chooseFormat(requested: BackupOptions["format"] = "auto"): Promise<BackupFormat> {
    if (requested !== "auto") return requested;
    return (await this.pgDumpAvailability()).usable ? "pg_dump" : "logical";
  }

  /** Writes `file` with mode 0600 (see backup-files.ts for the folder it goes in). */
  async backup(file: string, options: BackupOptions = {}): Promise<BackupResult> {
    const format = await this.chooseFormat(options.format);
    if (format === "pg_dump") {
      const availability = await this.pgDumpAvailability();
      if (!availability.usable) throw new BackupError(`pg_dump is unavailable: ${availability.reason}`);
    }
    await createPrivateFile(file);
    if (format === "logical") return writeLogicalBackup(this.db.directUrl, file, options);
    await pgDump(this.db.directUrl, file);
    return { file, format, bytes: statSync(file).size, tables: 0, rows: 0 };
  }

  /** Restores into this (empty) database, then applies any migrations newer than the backup. */
  async restore(file: string, options: ProgressOptions = {}): Promise<RestoreResult> {
    const format = detectFormat(await firstBytes(file));
    const result =
      format === "logical" ? await this.restoreLogical(file, options) : await this.restorePgDump(file);
    await this.db.dataSource.runMigrations({ transaction: "each" });
    return result;
  }

  private async targetMigrations(): Promise<string[]> {
    const present = await this.db.sql<{ present: boolean }>(
      "SELECT to_regclass('migrations') IS NOT NULL AS present",
    );
    if (!present.rows[0]?.present) return [];
    return (await this.db.sql<{ name: string }>("SELECT name FROM migrations ORDER BY id")).rows.map(
      (r) => r.name,
    );
  }

  private async restoreLogical(file: string, options: ProgressOptions): Promise<RestoreResult> {
    const reader = new LogicalBackupReader(file);
    try {
      const header = await reader.header();
      refuseNewerSchema(this.db.dataSource, header.migrations);
      refuseTargetAhead(await this.targetMigrations(), header.migrations);
      await migrateUpTo(this.db.dataSource, header.migration);
      const rows = await loadLogicalBackup(this.db.directUrl, reader, header, options);
      return { file, format: "logical", migration: header.migration, rows };
    } finally {
      await reader.close();
    }
  }

  private async restorePgDump(file: string): Promise<RestoreResult> {
    const availability = await this.pgDumpAvailability();
    if (!availability.usable) throw new BackupError(`pg_restore is unavailable: ${availability.reason}`);
    const migrations = await dumpedMigrations(file);
    refuseNewerSchema(this.db.dataSource, migrations);
    const tables = await this.db.sql<{ count: string }>(
      "SELECT count(*) AS count FROM pg_tables WHERE schemaname = current_schema()",
    );
    if (Number(tables.rows[0]?.count ?? 0) > 0)
      throw new BackupError("a pg_dump backup restores only into an empty database (this one has tables)");
    await pgRestore(this.db.directUrl, file);
    return { file, format: "pg_dump", migration: migrations.at(-1) ?? null, rows: null };
  }
}

async function firstBytes(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
