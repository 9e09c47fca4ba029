import { chmod, mkdir, open, stat } from "node:fs/promises";
import path from "node:path";

/** Backups hold message logs and case reasons: only the account that runs Warden may read them. */
export const BACKUP_FILE_MODE = 0o600;
export const BACKUP_FOLDER_MODE = 0o700;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/**
 * Warden's own backup folder, DATA_DIR/backups (where `/db backup` and `npm run db:backup` without a file
 * write): created 0700, and tightened to 0700 when it exists with looser modes. Says when it tightened.
 */
export async function ownBackupFolder(dataDir: string): Promise<{ folder: string; tightened?: string }> {
  const folder = path.join(dataDir, "backups");
  await mkdir(folder, { recursive: true, mode: BACKUP_FOLDER_MODE });
  const { mode } = await stat(folder);
  if ((mode & 0o777) === BACKUP_FOLDER_MODE) return { folder };
  await chmod(folder, BACKUP_FOLDER_MODE);
  return { folder, tightened: `tightened ${folder} from ${octal(mode)} to ${octal(BACKUP_FOLDER_MODE)}` };
}

/**
 * The folder of a backup file the operator named: created 0700 when missing. An existing folder is theirs
 * and left as it is, with a warning when other users can enter it (the file itself is still 0600).
 */
export async function chosenBackupFolder(file: string): Promise<{ warning?: string }> {
  const folder = path.dirname(path.resolve(file));
  await mkdir(folder, { recursive: true, mode: BACKUP_FOLDER_MODE });
  const { mode } = await stat(folder);
  if ((mode & 0o077) === 0) return {};
  return {
    warning: `${folder} is open to other users (mode ${octal(mode)}); the backup file itself is ${octal(BACKUP_FILE_MODE)}`,
  };
}

/** Creates `file` (or empties it) with mode 0600 before any row is written to it. */
export async function createPrivateFile(file: string): Promise<void> {
  const handle = await open(file, "w", BACKUP_FILE_MODE);
  try {
    await handle.chmod(BACKUP_FILE_MODE); // an existing file keeps its old mode through open()
  } finally {
    await handle.close();
  }
}
