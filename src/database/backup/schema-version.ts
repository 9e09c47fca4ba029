import { DataSource } from "typeorm";
import { BackupError, BackupSchemaTooNewError } from "../../errors/backup-errors";

/** The names TypeORM records for this code's migrations, oldest first. */
export function knownMigrations(source: DataSource): string[] {
  return source.migrations.map((migration) => migration.name ?? migration.constructor.name);
}

/** Refuses a backup whose schema has a migration this code does not know. */
export function refuseNewerSchema(source: DataSource, backupMigrations: string[]): void {
  const known = new Set(knownMigrations(source));
  const unknown = backupMigrations.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new BackupSchemaTooNewError(unknown);
}

/** The target may be empty or partly migrated, but never past the backup's schema. */
export function refuseTargetAhead(targetMigrations: string[], backupMigrations: string[]): void {
  const inBackup = new Set(backupMigrations);
  const ahead = targetMigrations.filter((name) => !inBackup.has(name));
  if (ahead.length > 0)
    throw new BackupError(
      `the target database already has migration ${ahead.join(", ")}, newer than the backup's schema; restore into an empty database`,
    );
}

/** Applies this code's migrations up to and including `last` (none when null), through a short-lived DataSource. */
export async function migrateUpTo(source: DataSource, last: string | null): Promise<void> {
  if (last === null) return;
  const names = knownMigrations(source);
  const upTo = names.indexOf(last);
  if (upTo < 0) throw new BackupSchemaTooNewError([last]);
  const migrations = source.migrations.slice(0, upTo + 1).map((migration) => migration.constructor);
  const partial = new DataSource({
    ...source.options,
    migrations: migrations as Array<new () => never>,
    extra: { max: 1 },
    logging: false,
  } as typeof source.options);
  await partial.initialize();
  try {
    await partial.runMigrations({ transaction: "each" });
  } finally {
    await partial.destroy();
  }
}
