// Run as a child process (node -r ./test/support/swc-register.js test/support/start-database.ts): starts
// Warden's DatabaseService on DATABASE_URL the way the bot does (migrations included), then stops it.
import "reflect-metadata";
import { loadConfig } from "../../src/config";
import { DatabaseService } from "../../src/database/database-service";
import { createLogger } from "../../src/logger";

async function main(): Promise<void> {
  const config = loadConfig();
  const database = new DatabaseService(config, createLogger("silent"));
  await database.start();
  const applied = await database.sql<{ n: number }>("SELECT count(*)::int AS n FROM migrations");
  process.stdout.write(`${applied.rows[0]?.n ?? 0}\n`);
  await database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
