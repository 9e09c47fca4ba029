import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { inject } from "tsyringe";
import type { Config } from "../config";
import { InstallSecretController } from "../controllers/install-secret-controller";
import type { Logger } from "../logger";
import { service } from "../service";
import { TOKENS } from "../tokens";
import { buildDashboardApp } from "./dashboard-app";

/**
 * The moderators' web dashboard: one more listener (DASHBOARD_HOST:DASHBOARD_PORT), started once the
 * database is up (its cookie keys are this installation's, shared by every process) and stopped first on
 * shutdown.
 */
@service()
export class DashboardServer {
  private app: FastifyInstance | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(InstallSecretController) private readonly secrets: InstallSecretController,
  ) {
    this.logger = logger.child({ component: "dashboard" });
  }

  /** Listens (once); the port is then `port`. */
  start(): Promise<void> {
    this.starting ??= this.listen();
    return this.starting;
  }

  get port(): number | undefined {
    const address = this.app?.server.address();
    return typeof address === "object" && address ? (address as AddressInfo).port : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    const app = this.app;
    this.app = undefined;
    if (!app) return;
    app.server.closeAllConnections();
    await app.close();
  }

  private async listen(): Promise<void> {
    const secure = this.config.DASHBOARD_PUBLIC_URL?.startsWith("https:") ?? false;
    const [cookieKey, csrfKey] = await Promise.all([
      this.secrets.secret("dashboard-cookies"),
      this.secrets.secret("dashboard-csrf"),
    ]);
    if (this.stopped) return;
    const app = await buildDashboardApp({
      logger: this.logger,
      keys: { cookieKey, csrfKey, secure, csrfBinding: () => "" },
      routes: [],
    });
    this.app = app;
    await app.listen({ host: this.config.DASHBOARD_HOST, port: this.config.DASHBOARD_PORT });
    this.logger.info({ host: this.config.DASHBOARD_HOST, port: this.port }, "dashboard listening");
  }
}
