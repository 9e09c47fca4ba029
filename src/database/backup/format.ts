import { BackupError } from "../../errors/backup-errors";
/** The built-in logical format: gzip of JSON lines — a header, then per table a marker and its rows. */
export const LOGICAL_FORMAT = "warden-backup";
export const LOGICAL_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof LOGICAL_FORMAT;
  version: number;
  /** The schema's last applied migration; restore migrates the target up to exactly this one. */
  migration: string | null;
  migrations: string[];
  createdAt: string;
  tables: Array<{ name: string; rows: number }>;
}

export type BackupFormat = "logical" | "pg_dump";

export interface BackupProgress {
  phase: "backup" | "restore";
  table: string;
  tableRows: number;
  tableTotal: number;
  tablesDone: number;
  tablesTotal: number;
  rowsDone: number;
}

export interface ProgressOptions {
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupResult {
  file: string;
  format: BackupFormat;
  bytes: number;
  tables: number;
  rows: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const PG_DUMP_MAGIC = "PGDMP";

export function detectFormat(firstBytes: Buffer): BackupFormat {
  if (firstBytes[0] === GZIP_MAGIC[0] && firstBytes[1] === GZIP_MAGIC[1]) return "logical";
  if (firstBytes.subarray(0, PG_DUMP_MAGIC.length).toString("latin1") === PG_DUMP_MAGIC) return "pg_dump";
  throw new BackupError("not a Warden backup: neither the built-in format nor a pg_dump custom-format file");
}
