import type { Client } from "discord.js";
import type { Config } from "../config";
import type { CaseController } from "../controllers/case-controller";
import type { DashboardSessionController } from "../controllers/dashboard-session-controller";
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
  /** The bot's Discord client (started before the dashboard). */
  client: () => Client;
}
