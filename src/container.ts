import "reflect-metadata";
import { container as rootContainer, Lifecycle, type DependencyContainer } from "tsyringe";
import type { constructor } from "tsyringe/dist/typings/types";
import { Bot } from "./bot/bot";
import { InteractionRouter } from "./bot/interactions/router";
import { PermissionGuard } from "./bot/permissions";
import type { Config } from "./config";
import { CaseController } from "./controllers/case-controller";
import { CaseEditController } from "./controllers/case-edit-controller";
import { CaseSearch } from "./controllers/case-search";
import { GuildConfigController } from "./controllers/guild-config-controller";
import { GuildController } from "./controllers/guild-controller";
import { UserController } from "./controllers/user-controller";
import { UserIdentityController } from "./controllers/user-identity-controller";
import { DatabaseService } from "./database/database-service";
import { NotificationListener } from "./database/notification-listener";
import type { Logger } from "./logger";
import { TOKENS } from "./tokens";

const SINGLETONS: Array<new (...args: never[]) => unknown> = [
  DatabaseService,
  NotificationListener,
  GuildController,
  GuildConfigController,
  UserIdentityController,
  UserController,
  CaseEditController,
  CaseController,
  CaseSearch,
  PermissionGuard,
  InteractionRouter,
  Bot,
];

/** The composition root: one child container per running bot (and per test), holding its singletons. */
export function buildContainer(config: Config, logger: Logger): DependencyContainer {
  const container = rootContainer.createChildContainer();
  container.register(TOKENS.Config, { useValue: config });
  container.register(TOKENS.Logger, { useValue: logger });
  for (const singleton of SINGLETONS) {
    container.register(
      singleton as constructor<unknown>,
      { useClass: singleton as constructor<unknown> },
      {
        lifecycle: Lifecycle.ContainerScoped,
      },
    );
  }
  return container;
}
