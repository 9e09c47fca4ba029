import "reflect-metadata";
import { container as rootContainer, Lifecycle, type DependencyContainer } from "tsyringe";
import type { constructor } from "tsyringe/dist/typings/types";
import { Bot } from "./bot/bot";
import { ComponentSigner } from "./bot/component-signer";
import { DatabaseGate } from "./bot/database-gate";
import { Incidents } from "./bot/incidents";
import { InteractionEvents } from "./bot/interactions/interaction-events";
import { InteractionRouter } from "./bot/interactions/router";
import { LocaleResolver } from "./bot/interactions/locale-resolver";
import { SchedulerEvents } from "./bot/scheduler-events";
import { PermissionGuard } from "./bot/permissions";
import type { Config } from "./config";
import { ActivityBuffer } from "./controllers/activity-buffer";
import { ActivityController } from "./controllers/activity-controller";
import { BufferEvents } from "./controllers/buffer-events";
import { CaseClaims } from "./controllers/case-claims";
import { CaseController } from "./controllers/case-controller";
import { CaseEditController } from "./controllers/case-edit-controller";
import { CaseSearch } from "./controllers/case-search";
import { CooldownController } from "./controllers/cooldown-controller";
import { EconomyController } from "./controllers/economy-controller";
import { GuildConfigController } from "./controllers/guild-config-controller";
import { GuildController } from "./controllers/guild-controller";
import { GuildEventController } from "./controllers/guild-event-controller";
import { GroupController } from "./controllers/group-controller";
import { InstallSecretController } from "./controllers/install-secret-controller";
import { MemberJoinController } from "./controllers/member-join-controller";
import { MessageLogController } from "./controllers/message-log-controller";
import { ProcessBootController } from "./controllers/process-boot-controller";
import { RepeatGuard } from "./controllers/repeat-guard";
import { RetentionController } from "./controllers/retention-controller";
import { TagController } from "./controllers/tag-controller";
import { UsageController } from "./controllers/usage-controller";
import { UsageRecorder } from "./controllers/usage-recorder";
import { UserPreferenceController } from "./controllers/user-preference-controller";
import { UserController } from "./controllers/user-controller";
import { UserIdentityController } from "./controllers/user-identity-controller";
import { VariableController } from "./controllers/variable-controller";
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
  CaseClaims,
  RepeatGuard,
  CaseSearch,
  CooldownController,
  ProcessBootController,
  VariableController,
  GroupController,
  TagController,
  EconomyController,
  ActivityController,
  MessageLogController,
  BufferEvents,
  ActivityBuffer,
  GuildEventController,
  RetentionController,
  UserPreferenceController,
  UsageController,
  UsageRecorder,
  MemberJoinController,
  PermissionGuard,
  InstallSecretController,
  ComponentSigner,
  DatabaseGate,
  Incidents,
  InteractionEvents,
  SchedulerEvents,
  LocaleResolver,
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
