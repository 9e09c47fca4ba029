import {
  ApplicationCommandType,
  type Message,
  type MessageContextMenuCommandInteraction,
  type UserContextMenuCommandInteraction,
} from "discord.js";
import type { RESTPostAPIContextMenuApplicationCommandsJSONBody } from "discord-api-types/v10";
import type { GuildInteractionContext } from "../interactions/context";
import type { HandlerResult } from "../interactions/reply";
import type { ResolvedUser } from "./arguments";
import type { DeepReadonly } from "./definition";
import type { HandlerPolicy } from "./registration";

/**
 * A context-menu command as data, exactly as Discord receives it ("Warn" on a member, "Report" on a
 * message). Menus are guild-only: their definitions say `contexts: [InteractionContextType.Guild]`.
 */
export type MenuDefinition = DeepReadonly<RESTPostAPIContextMenuApplicationCommandsJSONBody>;
export type UserMenuDefinition = MenuDefinition & { readonly type: ApplicationCommandType.User };
export type MessageMenuDefinition = MenuDefinition & { readonly type: ApplicationCommandType.Message };

export type UserMenuContext = GuildInteractionContext<UserContextMenuCommandInteraction>;
export type MessageMenuContext = GuildInteractionContext<MessageContextMenuCommandInteraction>;
export type MenuInteraction = UserContextMenuCommandInteraction | MessageContextMenuCommandInteraction;

/** What a menu acts on: the member (or user) right-clicked, or the message. */
export type MenuTarget = ResolvedUser | Message;

/** A menu as the loader and router see it: types erased, definition kept verbatim. */
export interface MenuRegistration {
  readonly definition: MenuDefinition;
  /** access, ephemeral, botPermissions and memberPermissions apply as to a slash command. */
  readonly policy: HandlerPolicy;
  readonly run: (
    context: GuildInteractionContext<MenuInteraction>,
    target: MenuTarget,
  ) => Promise<HandlerResult>;
}

/** How menus are told apart: Discord lets a user menu and a message menu share a name. */
export function menuKey(type: ApplicationCommandType, name: string): string {
  return `${type === ApplicationCommandType.User ? "user" : "message"}-menu:${name}`;
}

/** How refusals and logs name a menu: `"Warn" (menu)` is too wordy, the quoted name is enough. */
export function menuLabel(definition: MenuDefinition): string {
  return `"${definition.name}"`;
}

/** Declares a menu on a member or user: `run` gets the user and, when they are in the guild, the member. */
export function userMenu(
  definition: UserMenuDefinition,
  run: (context: UserMenuContext, target: ResolvedUser) => Promise<HandlerResult>,
  policy: HandlerPolicy = {},
): MenuRegistration {
  return { definition, policy, run: run as MenuRegistration["run"] };
}

/** Declares a menu on a message: `run` gets the message as Discord resolved it. */
export function messageMenu(
  definition: MessageMenuDefinition,
  run: (context: MessageMenuContext, target: Message) => Promise<HandlerResult>,
  policy: HandlerPolicy = {},
): MenuRegistration {
  return { definition, policy, run: run as MenuRegistration["run"] };
}
