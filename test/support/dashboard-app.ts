import type { WardenApp } from "../../src/app";
import type { CogClass } from "../../src/bot/cog";
import { PermissionFlagsBits } from "discord.js";
import type { DiscordSimulator, SimGuild, SimUser } from "../../simulator";
import { startBot, type CapturedLogs } from "./bot-harness";
import { DashboardClient } from "./dashboard-client";
import { freePort } from "./free-port";

/** A new member of `guild` holding a "Mods" role with Moderate Members: a moderator as the dashboard checks. */
export function moderatorIn(sim: DiscordSimulator, guild: SimGuild, username: string): SimUser {
  const moderator = sim.createUser({ username });
  const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
  guild.addMember(moderator.id, { roles: [mods.id] });
  return moderator;
}

/** The settings that turn the dashboard on at `port`, signing in through the simulator's OAuth2. */
export function dashboardEnv(sim: DiscordSimulator, port: number, origin = `http://127.0.0.1:${port}`) {
  return {
    DASHBOARD_ENABLED: "true",
    DASHBOARD_PORT: String(port),
    DASHBOARD_PUBLIC_URL: origin,
    DISCORD_CLIENT_ID: sim.oauth2.clientId,
    DISCORD_CLIENT_SECRET: sim.oauth2.clientSecret,
  };
}

export interface RunningDashboard {
  app: WardenApp;
  logs: CapturedLogs;
  base: string;
  /** A new browser (its own cookie jar). */
  browser(): DashboardClient;
}

/** Warden in-process with its dashboard on a free port, against the simulator and `databaseUrl`. */
export async function startDashboard(options: {
  sim: DiscordSimulator;
  databaseUrl: string;
  cogs?: readonly CogClass[];
  env?: Record<string, string>;
}): Promise<RunningDashboard> {
  const port = await freePort();
  const { app, logs } = await startBot({
    sim: options.sim,
    databaseUrl: options.databaseUrl,
    cogs: options.cogs ?? [],
    env: { ...dashboardEnv(options.sim, port), ...options.env },
  });
  const base = `http://127.0.0.1:${port}`;
  return { app, logs, base, browser: () => new DashboardClient(base, options.sim) };
}
