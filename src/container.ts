import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
// Every service (`@service()`, src/service.ts) registers itself when its module loads; the bot and the cogs
// import every service there is, so all are known before a container is made from the root.
import "./bot/bot";
import "./cogs";
import "./dashboard/dashboard-server";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { TOKENS } from "./tokens";

/** The composition root: one child container per running bot (and per test), holding its services. */
export function buildContainer(config: Config, logger: Logger): DependencyContainer {
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.Config, { useValue: config });
  container.register(TOKENS.Logger, { useValue: logger });
  return container;
}
