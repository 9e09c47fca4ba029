import "reflect-metadata";
import { WardenApp } from "./app";
import { LoginRejectedError } from "./errors/operator-errors";
import { loadConfig, type Config } from "./config";
import { ConfigError } from "./errors/operator-errors";
import { Incidents } from "./bot/incidents";
import { createLogger } from "./logger";
import { installProcessGuards } from "./process-guards";
import { redactSecrets } from "./secrets";

function fail(line: string): number {
  process.stderr.write(`warden: ${redactSecrets(line)}\n`);
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

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

/** Entry point: config → database (migrated) → cogs → Discord; SIGINT/SIGTERM → drain → exit 0. */
async function main(): Promise<number> {
  const config = readConfig();
  if (typeof config === "string") return fail(config);
  if (!config.DISCORD_TOKEN) {
    return fail(
      "DISCORD_TOKEN is not set: put your bot's token in DISCORD_TOKEN (see README, Configuration).",
    );
  }
  const logger = createLogger(config.LOG_LEVEL);
  const guards = installProcessGuards(logger);
  const signal = nextSignal();
  let app: WardenApp;
  try {
    // A signal during start-up (waiting for another process's migrations, a slow login) stops it there:
    // an unfinished migration rolls back with its connection, and `docker stop` needs no SIGKILL.
    const first = await Promise.race([
      WardenApp.start({ config, logger }).then((started) => ({ started })),
      signal.then((received) => ({ received })),
    ]);
    if ("received" in first) {
      logger.info({ signal: first.received }, "signal received during start-up; stopping");
      return 0;
    }
    app = first.started;
  } catch (error) {
    if (error instanceof LoginRejectedError) return fail(error.message);
    logger.error({ err: error }, "start-up failed");
    return fail(`start-up failed: ${messageOf(error)}`);
  }
  const incidents = app.container.resolve(Incidents);
  guards.report = (reason) => void incidents.report(reason, "unhandledRejection");
  logger.info("Warden is running");
  const outcome = await Promise.race([
    signal.then((received) => ({ received })),
    app.fatal.then((error) => ({ error })),
  ]);
  if ("error" in outcome) {
    logger.error({ err: outcome.error }, "the database refused Warden; stopping");
    await app.stop();
    return fail(`the database refused Warden: ${messageOf(outcome.error)}`);
  }
  logger.info({ signal: outcome.received }, "signal received");
  await app.stop();
  return 0;
}

function messageOf(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`warden: unexpected start-up failure: ${messageOf(error)}\n`);
    process.exit(1);
  },
);
