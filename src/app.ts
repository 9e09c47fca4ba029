import type { DependencyContainer } from "tsyringe";
import { Bot } from "./bot/bot";
import type { Cog, CogClass } from "./bot/cog";
import { ComponentSigner } from "./bot/component-signer";
import { DatabaseGate } from "./bot/database-gate";
import { Incidents } from "./bot/incidents";
import { COGS } from "./cogs";
import { DashboardServer } from "./dashboard/dashboard-server";
import type { Config } from "./config";
import { buildContainer } from "./container";
import { Backoff } from "./database/backoff";
import { DatabaseService } from "./database/database-service";
import { DatabaseStatus } from "./database/lifecycle";
import type { Logger } from "./logger";

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** The cogs to load; every cog Warden ships by default. */
  cogs?: readonly CogClass[];
}

/**
 * Warden assembled: container → database (migrated, or retrying in the background) → cogs → Discord.
 * `main.ts` runs one under signal handling; tests and the sandbox run one in-process against the
 * Discord simulator. Every cog is loaded and every command registered whatever the database's state.
 */
export class WardenApp {
  /** Settles with the error if the database later refuses Warden for good (e.g. a newer schema). */
  readonly fatal: Promise<Error>;
  private reportFatal: (error: Error) => void = () => undefined;
  private stopping = false;

  private constructor(
    readonly container: DependencyContainer,
    readonly database: DatabaseService,
    readonly bot: Bot,
    readonly cogs: readonly Cog[],
    private readonly logger: Logger,
    readonly dashboard: DashboardServer,
  ) {
    this.fatal = new Promise((resolve) => (this.reportFatal = resolve));
  }

  static async start(options: AppOptions): Promise<WardenApp> {
    const { config, logger } = options;
    const container = buildContainer(config, logger);
    const database = container.resolve(DatabaseService);
    await database.start({ retry: true }); // rejects only when retrying could never help
    const cogs = (options.cogs ?? COGS).map((cogClass) => container.resolve<Cog>(cogClass));
    logger.info({ cogs: cogs.map((cog) => cog.name) }, "cogs loaded");
    const dashboard = container.resolve(DashboardServer);
    const app = new WardenApp(container, database, container.resolve(Bot), cogs, logger, dashboard);
    const whenUp = app.openWhenDatabaseUp();
    if (database.status === DatabaseStatus.Running) await whenUp;
    try {
      await app.bot.start(cogs);
    } catch (error) {
      await database.close();
      throw error;
    }
    if (config.DASHBOARD_ENABLED) {
      const dashboardUp = app.startDashboard();
      if (database.status === DatabaseStatus.Running) await dashboardUp;
    }
    return app;
  }

  /** Once the database is up (its keys live there); a dashboard that cannot start leaves the bot running. */
  private async startDashboard(): Promise<void> {
    try {
      await this.database.ready();
      if (this.stopping) return;
      await this.dashboard.start();
    } catch (error) {
      if (!this.stopping) this.logger.error({ err: error }, "the dashboard could not start");
    }
  }

  /** Runs every cog's onDbReady once the database is up (now or later), then opens the gate. */
  private async openWhenDatabaseUp(): Promise<void> {
    try {
      await this.database.ready();
    } catch (error) {
      if (!this.stopping) this.reportFatal(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const incidents = this.container.resolve(Incidents);
    await this.loadSigningKey(incidents);
    for (const cog of this.cogs) {
      try {
        await cog.onDbReady?.();
      } catch (error) {
        incidents.report(error, `onDbReady:${cog.name}`);
      }
    }
    this.container.resolve(DatabaseGate).open();
  }

  /** The key signed components need; the database just came up, so a failure here is brief: try again. */
  private async loadSigningKey(incidents: Incidents): Promise<void> {
    const signer = this.container.resolve(ComponentSigner);
    const backoff = new Backoff(200, 10_000);
    for (;;) {
      try {
        return await signer.load();
      } catch (error) {
        if (this.stopping) return;
        incidents.report(error, "component-signing-key");
        await new Promise((resolve) => setTimeout(resolve, backoff.next()));
      }
    }
  }

  /** Stops taking interactions, finishes those in flight (bounded), disconnects, closes the database. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.logger.info({ inFlight: this.bot.router.inFlightCount }, "shutting down");
    await this.dashboard.stop();
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
