import "reflect-metadata";
import path from "node:path";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { redactSecrets } from "../secrets";
import { DatabaseService } from "./database-service";
import { writeMigration } from "./migration-writer";

const USAGE = "usage: cli.js generate <Name> | run | revert | check";

/** `npm run migration:*`: works against DATABASE_URL or, when unset, the embedded server in DATA_DIR. */
async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const database = new DatabaseService(config, logger);
  await database.start({ migrate: false });
  try {
    const source = database.dataSource;
    switch (command) {
      case "run": {
        const applied = await source.runMigrations({ transaction: "each" });
        console.log(
          applied.length ? `applied: ${applied.map((m) => m.name).join(", ")}` : "no pending migrations",
        );
        return 0;
      }
      case "revert": {
        await source.undoLastMigration({ transaction: "each" });
        console.log("reverted the latest migration");
        return 0;
      }
      case "check":
      case "generate": {
        await source.runMigrations({ transaction: "each" });
        const diff = await source.driver.createSchemaBuilder().log();
        if (command === "check") {
          if (diff.upQueries.length === 0) {
            console.log("entities and migrations agree");
            return 0;
          }
          console.error("entities and migrations disagree; a migration would need:");
          for (const query of diff.upQueries) console.error(`  ${query.query};`);
          console.error("run: npm run migration:generate -- <Name>");
          return 1;
        }
        if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
          console.error(USAGE);
          return 2;
        }
        if (diff.upQueries.length === 0) {
          console.log("no changes: entities match the migrations");
          return 0;
        }
        const file = writeMigration(path.resolve("src/migrations"), name, diff.upQueries, diff.downQueries);
        console.log(`wrote ${path.relative(process.cwd(), file)}; read it, then run npm run format`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
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
