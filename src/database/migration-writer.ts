import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Query } from "typeorm/driver/Query";

/** Writes a migration class for the given statements and registers it in `migrations/index.ts`. */
export function writeMigration(
  migrationsDir: string,
  baseName: string,
  up: readonly Query[],
  down: readonly Query[],
): string {
  const timestamp = Date.now();
  const className = `${baseName.replace(/[^A-Za-z0-9]/g, "")}${timestamp}`;
  const fileName = `${timestamp}-${baseName}`;
  const body = (queries: readonly Query[]): string =>
    queries
      .map((query) => {
        const parameters = query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : "";
        return `    await queryRunner.query(\`${query.query.replace(/[`\\]/g, "\\$&").replace(/\$\{/g, "\\${")}\`${parameters});`;
      })
      .join("\n");
  const migration = `import type { MigrationInterface, QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
  name = "${className}";

  async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${body([...down].reverse())}
  }
}
`;
  const file = path.join(migrationsDir, `${fileName}.ts`);
  writeFileSync(file, migration);

  const indexFile = path.join(migrationsDir, "index.ts");
  const current = readFileSync(indexFile, "utf8");
  const lastImport = current.lastIndexOf("\nimport ");
  const insertAt = current.indexOf("\n", lastImport + 1) + 1;
  const index =
    `${current.slice(0, insertAt)}import { ${className} } from "./${fileName}";\n${current.slice(insertAt)}`.replace(
      /= \[(.*?)\];/s,
      (_match, list: string) => {
        const entries = list
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean);
        return `= [${[...entries, className].join(", ")}];`;
      },
    );
  writeFileSync(indexFile, index);
  return file;
}
