import "reflect-metadata";
import { ConfigError, loadConfig, type Config } from "./config";
import { buildContainer } from "./container";
import { DatabaseService } from "./database/database-service";
import { createLogger } from "./logger";

function fail(line: string): number {
  process.stderr.write(`warden: ${line}\n`);
  return 1;
}

function readConfig(): Config | string {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

/** Entry point: config → container → database (migrated) → run until SIGINT/SIGTERM → clean shutdown. */
async function main(): Promise<number> {
  const config = readConfig();
  if (typeof config === "string") return fail(config);
  if (!config.DISCORD_TOKEN) {
    return fail(
      "DISCORD_TOKEN is not set: put your bot's token in DISCORD_TOKEN (see README, Configuration).",
    );
  }
  const logger = createLogger(config.LOG_LEVEL);
  const container = buildContainer(config, logger);
  const database = container.resolve(DatabaseService);
  try {
    await database.start();
  } catch (error) {
    logger.error({ err: error }, "database start-up failed");
    return fail(`the database could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  logger.info("Warden is running; the Discord runtime is not part of this build yet (issue 3)");
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  logger.info({ signal }, "shutting down");
  await database.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `warden: unexpected start-up failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
