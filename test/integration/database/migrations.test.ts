import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../../src/container";
import { DatabaseService } from "../../../src/database/database-service";
import { createLogger } from "../../../src/logger";
import { MIGRATIONS } from "../../../src/migrations";
import { applicationTables, populateEveryTable } from "../../support/backup-fixture";
import { createDatabase, dropDatabase, testConfig } from "../../support/test-database";

const name = `warden_roundtrip_${process.env.JEST_WORKER_ID ?? 0}`;
let container: DependencyContainer;
let db: DatabaseService;

beforeAll(async () => {
  const url = await createDatabase(name, { migrated: false });
  const config = testConfig({ DATABASE_URL: url });
  container = buildContainer(config, createLogger(config.LOG_LEVEL));
  db = container.resolve(DatabaseService);
  await db.start();
});

afterAll(async () => {
  await db.close();
  await dropDatabase(name);
});

/** Every row of every application table, as JSON, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await applicationTables(db)) {
    const rows = await db.sql<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t ORDER BY 1`,
    );
    out[table] = rows.rows.map((r) => r.row);
  }
  return out;
}

async function schemaDiff(): Promise<string[]> {
  return (await db.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
}

describe("migrations", () => {
  it("there is more than one, so down-and-up of later ones is exercised on data", () => {
    expect(MIGRATIONS.length).toBeGreaterThan(1);
  });

  it("each migration after the first goes down and up again on a populated database with nothing lost", async () => {
    await populateEveryTable(container, db);
    const before = await snapshot();
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);
    for (let applied = MIGRATIONS.length; applied > 1; applied -= 1) {
      await db.dataSource.undoLastMigration({ transaction: "each" });
      // Rows keep every value of the columns that still exist (a column the migration added goes away).
      const during = await snapshot();
      for (const [table, rows] of Object.entries(during)) {
        const parsed = rows.map((row) => JSON.parse(row) as Record<string, unknown>);
        const kept = (before[table] ?? []).map((row) => {
          const full = JSON.parse(row) as Record<string, unknown>;
          return Object.fromEntries(Object.keys(parsed[0] ?? full).map((column) => [column, full[column]]));
        });
        expect(parsed).toEqual(kept);
      }
    }
    const bottom = await snapshot();
    await db.dataSource.runMigrations({ transaction: "each" });
    // Tables that outlived every down come back with all their rows; tables a migration created come back empty.
    const after = await snapshot();
    for (const table of Object.keys(before)) {
      expect(after[table]).toEqual(table in bottom ? before[table] : []);
    }
    expect(await schemaDiff()).toEqual([]);
  });

  it("every migration goes all the way down to an empty schema and back up to match the entities", async () => {
    for (let i = 0; i < MIGRATIONS.length; i += 1)
      await db.dataSource.undoLastMigration({ transaction: "each" });
    expect(await applicationTables(db)).toEqual([]);
    const types = await db.sql(
      "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() AND t.typtype = 'e'",
    );
    expect(types.rowCount).toBe(0);
    await db.dataSource.runMigrations({ transaction: "each" });
    expect(await schemaDiff()).toEqual([]);
    await populateEveryTable(container, db); // the re-created schema accepts data again
    const refilled = await snapshot();
    expect(Object.entries(refilled).filter(([, rows]) => rows.length === 0)).toEqual([]);
  });
});
