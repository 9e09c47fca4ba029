import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { DataSource } from "typeorm";
import { ConnectionMetadataBuilder } from "typeorm/connection/ConnectionMetadataBuilder";
import { dataSourceOptions } from "../../../src/database/data-source-options";
import { ENTITIES } from "../../../src/entities";

const ROOT = join(__dirname, "../../..");
const CONTROLLERS = join(ROOT, "src/controllers");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The table names TypeORM gives the entities, from the same options the bot's DataSource is built with. */
async function tableNames(): Promise<string[]> {
  const options = dataSourceOptions({
    url: "postgres://metadata-only@localhost/none",
    poolMax: 1,
    connectTimeoutMs: 1,
    statementTimeoutMs: 0,
    idleInTransactionTimeoutMs: 0,
    slowQueryMs: 0,
  });
  const source = new DataSource(options); // never initialized: no connection is made
  const metadata = await new ConnectionMetadataBuilder(source).buildEntityMetadatas(ENTITIES);
  return metadata.map((entity) => entity.tableName);
}

/** Hand-written table names in SQL text: after a keyword that names a table, or qualifying a column. */
export function handWrittenTables(
  text: string,
  tables: readonly string[],
): Array<{ line: number; found: string }> {
  const names = tables.join("|");
  const patterns = [
    new RegExp(
      `\\b(?:FROM|INTO|UPDATE|JOIN|TABLE|TRUNCATE)\\s+(?:ONLY\\s+)?"?(?:${names})"?(?![\\w$])`,
      "gi",
    ),
    // `guilds.case_counter`, but not `this.cases.create(`, a local `cases.length` or "cases.not_found"
    new RegExp(`(?<![\\w$."'\`])(?:${names})\\.[a-z]+_[a-z_]*(?![\\w$(])`, "g"),
  ];
  return patterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => ({
      line: text.slice(0, match.index).split("\n").length,
      found: match[0].replace(/\s+/g, " "),
    })),
  );
}

describe("hand-written SQL takes table names from entity metadata", () => {
  let tables: string[] = [];

  beforeAll(async () => {
    tables = await tableNames();
  });

  it("knows every entity's table", () => {
    expect(tables).toHaveLength(ENTITIES.length);
    expect(tables).toEqual(expect.arrayContaining(["cases", "guilds", "member_activity_hours", "users"]));
  });

  it("finds a table written by hand, and not one taken from metadata", () => {
    const written =
      "const a = `SELECT 1\n  FROM cases WHERE x`;\nconst b = `UPDATE guilds SET n = guilds.case_counter + 1`;";
    expect(handWrittenTables(written, tables)).toEqual([
      { line: 2, found: "FROM cases" },
      { line: 3, found: "UPDATE guilds" },
      { line: 3, found: "guilds.case_counter" },
    ]);
    const derived =
      "`SELECT 1 FROM ${this.sql.table} WHERE ${table}.${b.balance}`; this.cases.createCase(); users.length";
    expect(handWrittenTables(derived, tables)).toEqual([]);
  });

  it("no controller names a table by hand", () => {
    const found = sourceFiles(CONTROLLERS).flatMap((file) =>
      handWrittenTables(readFileSync(file, "utf8"), tables).map(
        ({ line, found: text }) => `${relative(ROOT, file)}:${line}: ${text}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
