import type { Client } from "discord.js";
import type { Config } from "../config";
import type { ModLog } from "../cogs/cases/mod-log";
import type { AutomodController } from "../controllers/automod-controller";
import type { ReportCloser } from "../cogs/reports/report-closer";
import type { ReportActioning } from "../cogs/reports/report-actioning";
import type { AppealController } from "../controllers/appeal-controller";
import type { AppealDecisions } from "../cogs/appeals/appeal-decisions";
import type { ActivityController } from "../controllers/activity-controller";
import type { CaseAnnotations } from "../controllers/case-annotations";
import type { CaseArchiveController } from "../controllers/case-archive/case-archive-controller";
import type { CaseController } from "../controllers/case-controller";
import type { CaseStatistics } from "../controllers/case-statistics";
import type { EconomyController } from "../controllers/economy-controller";
import type { GuildConfigController } from "../controllers/guild-config-controller";
import type { MemberJoinController } from "../controllers/member-join-controller";
import type { ReportController } from "../controllers/report-controller";
import type { UserIdentityController } from "../controllers/user-identity-controller";
import type { DashboardSessionController } from "../controllers/dashboard-session-controller";
import type { UsageController } from "../controllers/usage-controller";
import type { DashboardCookies } from "./auth/cookies";
import type { DiscordOAuth } from "./auth/discord-oauth";
import type { ModeratorAccess } from "./auth/moderator-access";

/** What the dashboard's routes work with (assembled by DashboardServer from the container). */
export interface DashboardDeps {
  config: Config;
  cookies: DashboardCookies;
  oauth: DiscordOAuth;
  sessions: DashboardSessionController;
  access: ModeratorAccess;
  cases: CaseController;
  annotations: CaseAnnotations;
  guildConfigs: GuildConfigController;
  modLog: ModLog;
  caseStatistics: CaseStatistics;
  usage: UsageController;
  joins: MemberJoinController;
  automod: AutomodController;
  archive: CaseArchiveController;
  activity: ActivityController;
  economy: EconomyController;
  identities: UserIdentityController;
  reports: ReportController;
  appeals: AppealController;
  /** Accept and Reject: the appeal post buttons' own path. */
  appealDecisions: AppealDecisions;
  /** Shows a report's new status on its queue post (and tells the reporter when it is closed). */
  reportCloser: ReportCloser;
  /** Warn / Timeout / Ban from a report: the queue post buttons' path. */
  reportActioning: ReportActioning;
  /** The bot's Discord client (started before the dashboard). */
  client: () => Client;
}
