import "reflect-metadata";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { redactSecrets } from "../secrets";
import path from "node:path";
import { chosenBackupFolder, ownBackupFolder } from "./backup/backup-files";
import { BackupService, defaultBackupFile } from "./backup/backup-service";
import type { BackupFormat, BackupProgress } from "./backup/format";
import { DatabaseService } from "./database-service";

const USAGE = "usage: backup-cli.js backup [file] [--format=auto|logical|pg_dump] | restore <file>";
const PROGRESS_EVERY_MS = 1_000;

/** Progress on stderr at most once a second, plus a line whenever a new table starts. */
function progressPrinter(): (progress: BackupProgress) => void {
  let last = 0;
  let table = "";
  return (progress) => {
    const now = Date.now();
    if (progress.table === table && now - last < PROGRESS_EVERY_MS) return;
    table = progress.table;
    last = now;
    console.error(
      `${progress.phase}: table ${progress.tablesDone + 1}/${progress.tablesTotal} ${progress.table} ` +
        `${progress.tableRows}/${progress.tableTotal} rows (${progress.rowsDone} rows in all)`,
    );
  };
}

function parseFormat(flag: string | undefined): "auto" | "logical" | "pg_dump" | undefined {
  if (flag === undefined) return "auto";
  const value = flag.slice("--format=".length);
  return value === "auto" || value === "logical" || value === "pg_dump" ? value : undefined;
}

/**
 * Where the backup goes: the named file (its folder created 0700 if missing, a warning if others can enter
 * an existing one), else Warden's own DATA_DIR/backups (kept at 0700). See README "Backup and restore".
 */
async function backupTarget(
  dataDir: string,
  file: string | undefined,
  format: BackupFormat,
): Promise<string> {
  if (file !== undefined) {
    const { warning } = await chosenBackupFolder(file);
    if (warning) console.error(`warning: ${warning}`);
    return file;
  }
  const { folder, tightened } = await ownBackupFolder(dataDir);
  if (tightened) console.error(`note: ${tightened}`);
  return path.join(folder, defaultBackupFile(format));
}

/** `npm run db:backup [file]` / `npm run db:restore file`: against DATABASE_URL or the embedded server in DATA_DIR. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flag = rest.find((arg) => arg.startsWith("--format="));
  const [file] = rest.filter((arg) => !arg.startsWith("--"));
  const format = parseFormat(flag);
  if (
    (command !== "backup" && command !== "restore") ||
    format === undefined ||
    (command === "restore" && !file)
  ) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const database = new DatabaseService(config, logger);
  await database.start({ migrate: false });
  try {
    const service = new BackupService(database);
    const onProgress = progressPrinter();
    if (command === "backup") {
      const chosen = await service.chooseFormat(format);
      const target = await backupTarget(config.dataDir, file, chosen);
      const result = await service.backup(target, { format: chosen, onProgress });
      const rows = result.format === "logical" ? `, ${result.tables} tables, ${result.rows} rows` : "";
      console.log(`backup written: ${result.file} (${result.format}, ${result.bytes} bytes${rows})`);
      return 0;
    }
    const result = await service.restore(file ?? "", { onProgress });
    const rows = result.rows === null ? "" : `, ${result.rows} rows`;
    console.log(`restored ${result.file} (${result.format}, schema ${result.migration ?? "empty"}${rows})`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(redactSecrets(error instanceof Error ? error.message : String(error)));
    process.exit(1);
  },
);
