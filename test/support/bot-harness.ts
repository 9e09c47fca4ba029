import "reflect-metadata";
import { WardenApp } from "../../src/app";
import type { CogClass } from "../../src/bot/cog";
import { COGS } from "../../src/cogs";
import { createLogger } from "../../src/logger";
import type { DiscordSimulator } from "../../simulator";
import { testConfig } from "./test-database";

/** Every log line the app wrote, parsed, for asserting on incident ids and warnings. */
export class CapturedLogs {
  readonly lines: Array<Record<string, unknown>> = [];

  write(chunk: string): void {
    for (const line of chunk.split("\n")) {
      if (line.trim() !== "") this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  }

  find(predicate: (line: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
    return this.lines.find(predicate);
  }
}

export interface RunningBot {
  app: WardenApp;
  logs: CapturedLogs;
}

/** The real app, in-process, against the simulator and a real database. */
export async function startBot(options: {
  sim: DiscordSimulator;
  /** Unset: the app starts its own embedded server in DATA_DIR. */
  databaseUrl?: string;
  cogs?: readonly CogClass[];
  env?: Record<string, string>;
}): Promise<RunningBot> {
  const config = testConfig({
    DISCORD_TOKEN: options.sim.token,
    DISCORD_API_URL: options.sim.apiUrl,
    DISCORD_CDN_URL: options.sim.cdnUrl,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    LOG_LEVEL: "info",
    ...options.env,
  });
  const logs = new CapturedLogs();
  const app = await WardenApp.start({
    config,
    logger: createLogger(config.LOG_LEVEL, logs),
    cogs: options.cogs ?? COGS,
  });
  return { app, logs };
}
