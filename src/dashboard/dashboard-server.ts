import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { inject } from "tsyringe";
import type { Config } from "../config";
import { Bot } from "../bot/bot";
import { ModLog } from "../cogs/cases/mod-log";
import { AutomodController } from "../controllers/automod-controller";
import { ReportCloser } from "../cogs/reports/report-closer";
import { ReportActioning } from "../cogs/reports/report-actioning";
import { AppealController } from "../controllers/appeal-controller";
import { AppealDecisions } from "../cogs/appeals/appeal-decisions";
import { ActivityController } from "../controllers/activity-controller";
import { CaseAnnotations } from "../controllers/case-annotations";
import { CaseArchiveController } from "../controllers/case-archive/case-archive-controller";
import { CaseController } from "../controllers/case-controller";
import { CaseStatistics } from "../controllers/case-statistics";
import { DashboardSessionController } from "../controllers/dashboard-session-controller";
import { EconomyController } from "../controllers/economy-controller";
import { GuildConfigController } from "../controllers/guild-config-controller";
import { InstallSecretController } from "../controllers/install-secret-controller";
import { MemberJoinController } from "../controllers/member-join-controller";
import { UsageController } from "../controllers/usage-controller";
import { ReportController } from "../controllers/report-controller";
import { UserIdentityController } from "../controllers/user-identity-controller";
import type { Logger } from "../logger";
import { service } from "../service";
import { TOKENS } from "../tokens";
import { DashboardCookies } from "./auth/cookies";
import { DiscordOAuth } from "./auth/discord-oauth";
import { ModeratorAccess } from "./auth/moderator-access";
import { csrfBinding } from "./auth/viewer";
import { buildDashboardApp } from "./dashboard-app";
import type { DashboardDeps } from "./dashboard-deps";
import { authRoutes } from "./routes/auth-routes";
import { caseRoutes } from "./routes/case-routes";
import { casesExportRoutes } from "./routes/cases-export-routes";
import { casesRoutes } from "./routes/cases-routes";
import { guildRoutes } from "./routes/guild-routes";
import { settingsRoutes } from "./routes/settings-routes";
import { statsRoutes } from "./routes/stats-routes";
import { memberRoutes } from "./routes/member-routes";
import { appealActionRoutes } from "./routes/appeal-action-routes";
import { appealRoutes } from "./routes/appeal-routes";
import { reportActionRoutes } from "./routes/report-action-routes";
import { reportModerationRoutes } from "./routes/report-moderation-routes";
import { reportRoutes } from "./routes/report-routes";

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
    @inject(DashboardSessionController) private readonly sessions: DashboardSessionController,
    @inject(GuildConfigController) private readonly guildConfigs: GuildConfigController,
    @inject(Bot) private readonly bot: Bot,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(CaseAnnotations) private readonly annotations: CaseAnnotations,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(CaseStatistics) private readonly caseStatistics: CaseStatistics,
    @inject(UsageController) private readonly usage: UsageController,
    @inject(MemberJoinController) private readonly joins: MemberJoinController,
    @inject(AutomodController) private readonly automod: AutomodController,
    @inject(CaseArchiveController) private readonly archive: CaseArchiveController,
    @inject(ActivityController) private readonly activity: ActivityController,
    @inject(EconomyController) private readonly economy: EconomyController,
    @inject(UserIdentityController) private readonly identities: UserIdentityController,
    @inject(ReportController) private readonly reports: ReportController,
    @inject(AppealController) private readonly appeals: AppealController,
    @inject(ReportCloser) private readonly reportCloser: ReportCloser,
    @inject(AppealDecisions) private readonly appealDecisions: AppealDecisions,
    @inject(ReportActioning) private readonly reportActioning: ReportActioning,
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
    const deps: DashboardDeps = {
      config: this.config,
      cookies: new DashboardCookies(secure),
      oauth: new DiscordOAuth(this.config),
      sessions: this.sessions,
      access: new ModeratorAccess(() => this.bot.client, this.guildConfigs, this.sessions),
      client: () => this.bot.client,
      cases: this.cases,
      annotations: this.annotations,
      guildConfigs: this.guildConfigs,
      modLog: this.modLog,
      caseStatistics: this.caseStatistics,
      usage: this.usage,
      joins: this.joins,
      automod: this.automod,
      archive: this.archive,
      activity: this.activity,
      economy: this.economy,
      identities: this.identities,
      reports: this.reports,
      appeals: this.appeals,
      appealDecisions: this.appealDecisions,
      reportCloser: this.reportCloser,
      reportActioning: this.reportActioning,
    };
    const app = await buildDashboardApp({
      logger: this.logger,
      keys: { cookieKey, csrfKey, secure, csrfBinding },
      trustedProxies: this.config.DASHBOARD_TRUST_PROXY,
      requestScope: (next) => this.sessions.requestScope(next),
      routes: [
        authRoutes(deps),
        guildRoutes(deps),
        casesRoutes(deps),
        casesExportRoutes(deps),
        caseRoutes(deps),
        statsRoutes(deps),
        settingsRoutes(deps),
        memberRoutes(deps),
        reportRoutes(deps),
        reportActionRoutes(deps),
        reportModerationRoutes(deps),
        appealRoutes(deps),
        appealActionRoutes(deps),
      ],
    });
    this.app = app;
    await app.listen({ host: this.config.DASHBOARD_HOST, port: this.config.DASHBOARD_PORT });
    this.logger.info({ host: this.config.DASHBOARD_HOST, port: this.port }, "dashboard listening");
  }
}
