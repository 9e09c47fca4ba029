import "reflect-metadata";
import { REST, Routes } from "discord.js";
import type { Cog } from "./bot/cog";
import { applicationCommands, deployCommands } from "./bot/commands/sync";
import { COGS } from "./cogs";
import { loadConfig } from "./config";
import { ConfigError } from "./errors/operator-errors";
import { buildContainer } from "./container";
import { createLogger } from "./logger";
import { redactSecrets } from "./secrets";

/** `npm run deploy-commands`: registers every cog's slash commands, globally or to DEV_GUILD_ID. */
async function deploy(): Promise<string> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN)
    throw new ConfigError(["DISCORD_TOKEN is not set: deploying commands needs the bot's token"]);
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const container = buildContainer(config, logger);
  const cogs = COGS.map((cogClass) => container.resolve<Cog>(cogClass));
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const definitions = applicationCommands(cogs);
  await deployCommands(rest, { applicationId: application.id, guildId: config.DEV_GUILD_ID }, definitions);
  const where = config.DEV_GUILD_ID
    ? `to guild ${config.DEV_GUILD_ID}`
    : "globally (Discord may take up to an hour to show changes)";
  return `registered ${definitions.length} commands ${where}: ${definitions.map((d) => ("description" in d ? `/${d.name}` : `"${d.name}"`)).join(", ")}`;
}

deploy().then(
  (line) => {
    process.stdout.write(`warden: ${line}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(
      redactSecrets(
        `warden: could not deploy commands: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
    );
    process.exit(1);
  },
);
