import "reflect-metadata";
import path from "node:path";
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from "discord.js";
import { loadConfig } from "./config";
import { ConfigError } from "./errors/operator-errors";
import { buildContainer } from "./container";
import { DatabaseService } from "./database/database-service";
import { createLogger } from "./logger";
import { redactSecrets } from "./secrets";

/**
 * `npm run start:sharded`: one process per shard through discord.js's ShardingManager. With the embedded
 * server, this process starts it once (shards must not race to start one on the same folder) and hands
 * every shard its URL. With DATABASE_URL the shards connect themselves: each retries while the database is
 * unreachable and migrates under the migration lock, so they may all start at once.
 */
async function startSharded(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError(["DISCORD_TOKEN is not set"]);
  const logger = createLogger(config.LOG_LEVEL).child({ component: "sharding-manager" });
  const database = buildContainer(config, logger).resolve(DatabaseService);
  if (database.isEmbedded) {
    await database.start();
    // Shard processes inherit this environment.
    process.env.DATABASE_URL = database.connectionUrl;
  }
  const manager = new ShardingManager(path.join(__dirname, `main${path.extname(__filename)}`), {
    token: config.DISCORD_TOKEN,
    totalShards:
      config.SHARD_COUNT ?? (await recommendedShards(config.DISCORD_TOKEN, config.DISCORD_API_URL)),
    respawn: true,
    execArgv: process.execArgv, // node flags (e.g. memory limits) reach the shard processes too
  });
  manager.on("shardCreate", (shard) => logger.info({ shardId: shard.id }, "shard process started"));
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    logger.info({ signal }, "stopping every shard");
    manager.respawn = false;
    await Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            if (!shard.process) return resolve();
            shard.process.once("exit", () => resolve());
            shard.process.kill("SIGTERM");
          }),
      ),
    );
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void stop(signal));
  process.once("SIGTERM", (signal) => void stop(signal));
  await manager.spawn({ timeout: 60_000 });
}

/** Discord's recommendation, asked of DISCORD_API_URL (discord.js's "auto" would ask discord.com). */
async function recommendedShards(token: string, api: string | undefined): Promise<number> {
  const rest = new REST(api ? { api } : {}).setToken(token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return gateway.shards;
}

startSharded().catch((error: unknown) => {
  process.stderr.write(
    redactSecrets(
      `warden: sharded start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
  );
  process.exit(1);
});
