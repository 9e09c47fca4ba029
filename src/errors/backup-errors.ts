export class BackupError extends Error {
  override readonly name = "BackupError";
}

/** The backup was taken from a schema with migrations this code does not have. */
export class BackupSchemaTooNewError extends BackupError {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `the backup comes from a newer schema: migration ${unknownMigrations.join(", ")} is unknown to this version of Warden; upgrade Warden before restoring`,
    );
  }
}
