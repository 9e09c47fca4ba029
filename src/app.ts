import type { DependencyContainer } from "tsyringe";
import { Bot } from "./bot/bot";
import type { Cog, CogClass } from "./bot/cog";
import { COGS } from "./cogs";
import type { Config } from "./config";
import { buildContainer } from "./container";
import { DatabaseService } from "./database/database-service";
import type { Logger } from "./logger";

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** The cogs to load; every cog Warden ships by default. */
  cogs?: readonly CogClass[];
}

/**
 * Warden assembled: container → database (migrated) → cogs → Discord. `main.ts` runs one under signal
 * handling; tests and the sandbox run one in-process against the Discord simulator.
 */
export class WardenApp {
  private constructor(
    readonly container: DependencyContainer,
    readonly database: DatabaseService,
    readonly bot: Bot,
    readonly cogs: readonly Cog[],
    private readonly logger: Logger,
  ) {}

  static async start(options: AppOptions): Promise<WardenApp> {
    const { config, logger } = options;
    const container = buildContainer(config, logger);
    const database = container.resolve(DatabaseService);
    const databaseUp = await database.start().then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error }, "the database could not start; cogs that require it stay unloaded");
        return false;
      },
    );
    const cogs = loadCogs(container, options.cogs ?? COGS, databaseUp, logger);
    if (databaseUp) await notifyDbReady(cogs, logger);
    const bot = container.resolve(Bot);
    const app = new WardenApp(container, database, bot, cogs, logger);
    try {
      await bot.start(cogs);
    } catch (error) {
      await database.close();
      throw error;
    }
    return app;
  }

  /** Stops taking interactions, finishes those in flight (bounded), disconnects, closes the database. */
  async stop(): Promise<void> {
    this.logger.info({ inFlight: this.bot.router.inFlightCount }, "shutting down");
    await this.bot.stop();
    for (const cog of this.cogs) {
      await cog
        .onShutdown?.()
        .catch((error: unknown) => this.logger.error({ err: error, cog: cog.name }, "onShutdown failed"));
    }
    await this.database.close();
    this.logger.info("stopped");
  }
}

function loadCogs(
  container: DependencyContainer,
  classes: readonly CogClass[],
  databaseUp: boolean,
  logger: Logger,
): Cog[] {
  const loaded: Cog[] = [];
  for (const cogClass of classes) {
    const cog = container.resolve<Cog>(cogClass);
    if (cog.database === "required" && !databaseUp) {
      logger.warn({ cog: cog.name }, `cog ${cog.name} not loaded: it requires the database`);
      continue;
    }
    loaded.push(cog);
  }
  logger.info({ cogs: loaded.map((cog) => cog.name) }, "cogs loaded");
  return loaded;
}

async function notifyDbReady(cogs: readonly Cog[], logger: Logger): Promise<void> {
  for (const cog of cogs) {
    try {
      await cog.onDbReady?.();
    } catch (error) {
      logger.error({ err: error, cog: cog.name }, "onDbReady failed");
    }
  }
}
