import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "./database-service";

/** The newest migration applied to the database: its class name and the timestamp it was generated at. */
export interface SchemaVersion {
  name: string;
  timestamp: number;
}

/**
 * The database's schema version, read from TypeORM's migrations table: the newest applied migration is the
 * version, as a versioned database manager keeps one in a table of its own.
 */
@service()
export class SchemaVersions {
  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  /** Null when no migration was ever applied; throws like any statement when the database is away. */
  async current(): Promise<SchemaVersion | null> {
    const table = this.db.dataSource.options.migrationsTableName ?? "migrations";
    const { rows } = await this.db.sql<{ name: string; timestamp: string }>(
      `SELECT name, timestamp FROM "${table}" ORDER BY timestamp DESC, id DESC LIMIT 1`,
    );
    const newest = rows[0];
    return newest ? { name: newest.name, timestamp: Number(newest.timestamp) } : null;
  }
}

/** `InstallSecrets (1796126429310)`: the migration's name without the timestamp TypeORM appends, then it. */
export function migrationLabel(version: SchemaVersion): string {
  const stamp = String(version.timestamp);
  const name = version.name.endsWith(stamp) ? version.name.slice(0, -stamp.length) : version.name;
  return `${name || version.name} (${stamp})`;
}
