import type { Client } from "discord.js";
import type { Config } from "../config";
import type { ModLog } from "../cogs/cases/mod-log";
import type { AutomodController } from "../controllers/automod-controller";
import type { CaseAnnotations } from "../controllers/case-annotations";
import type { CaseArchiveController } from "../controllers/case-archive/case-archive-controller";
import type { CaseController } from "../controllers/case-controller";
import type { CaseStatistics } from "../controllers/case-statistics";
import type { GuildConfigController } from "../controllers/guild-config-controller";
import type { DashboardSessionController } from "../controllers/dashboard-session-controller";
import type { MemberJoinController } from "../controllers/member-join-controller";
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
  /** The bot's Discord client (started before the dashboard). */
  client: () => Client;
}
