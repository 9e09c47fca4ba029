import { EntitySql } from "../../../src/database/entity-sql";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

const SAMPLES: readonly unknown[] = [
  null,
  undefined,
  "",
  "abc",
  "12345678901234567890",
  "1.5",
  0,
  42,
  -7,
  ["1", "2"],
];

describe("EntitySql: columns whose values skip the driver's conversion", () => {
  it("are only those the driver itself would send and read back unchanged", () => {
    const source = t.db.dataSource;
    let skipping = 0;
    for (const metadata of source.entityMetadatas) {
      const sql = new EntitySql(source, metadata);
      for (const column of sql.columns) {
        if (!sql.passesAsIs(column)) continue;
        skipping += 1;
        for (const value of SAMPLES) {
          expect([column.propertyName, source.driver.preparePersistentValue(value, column)]).toEqual([
            column.propertyName,
            value,
          ]);
          expect([column.propertyName, source.driver.prepareHydratedValue(value, column)]).toEqual([
            column.propertyName,
            value,
          ]);
        }
      }
    }
    expect(skipping).toBeGreaterThan(50);
  });

  it("leave dates, booleans, JSON and enums to the driver", () => {
    const source = t.db.dataSource;
    for (const metadata of source.entityMetadatas) {
      const sql = new EntitySql(source, metadata);
      for (const column of sql.columns) {
        const special = ["timestamptz", "boolean", "jsonb", "json", "enum", "date"].includes(
          String(column.type),
        );
        if (special)
          expect([metadata.name, column.propertyName, sql.passesAsIs(column)]).toEqual([
            metadata.name,
            column.propertyName,
            false,
          ]);
      }
    }
  });
});
