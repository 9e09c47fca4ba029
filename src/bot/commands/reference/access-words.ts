import { InteractionContextType } from "discord.js";
import type { DatabaseNeed } from "../../cog";
import { accessRequest } from "../../interactions/handler-registry";
import { translator } from "../../../i18n/translator";
import { permissionNames } from "../../permissions";

/** The reference is written in English, the definitions' own language. */
const ENGLISH = translator("en");
import type { ChatInputCommandDefinition } from "../definition";
import type { CommandRegistration } from "../registration";
import { handlerAt } from "../resolve";
import { either } from "./markdown";

const PLACES: Record<InteractionContextType, string> = {
  [InteractionContextType.Guild]: "servers",
  [InteractionContextType.BotDM]: "DMs with Warden",
  [InteractionContextType.PrivateChannel]: "other DMs and group DMs (when a user installs Warden)",
};

/** Discord's default when a definition names no contexts. */
const EVERYWHERE = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
] as const;

export function placeWords(definition: ChatInputCommandDefinition): string {
  const contexts = definition.contexts ?? EVERYWHERE;
  return either(contexts.map((context) => PLACES[context] ?? `context ${context}`));
}

export function onlyInServers(definition: ChatInputCommandDefinition): boolean {
  return (definition.contexts ?? EVERYWHERE).every((context) => context === InteractionContextType.Guild);
}

/** Discord lists a command only to members with its default permissions (server admins can change that). */
export function listedForWords(definition: ChatInputCommandDefinition): string {
  const defaults = definition.default_member_permissions;
  if (defaults === undefined || defaults === null) return "everyone";
  if (defaults === "0") return "nobody but Administrators, until a server admin allows others";
  return `members with ${permissionNames(BigInt(defaults), ENGLISH)}`;
}

export interface LeafAccess {
  /** Who passes Warden's own check before the handler runs. */
  who: string;
  /** Whether that check needs a server (it reads the member's permissions or roles). */
  needsServer: boolean;
  /** Permissions Warden itself needs in the channel. */
  botNeeds: string | undefined;
}

/** The check the router runs for the (sub)command at `path`, in words: the same request it builds. */
export function leafAccess(registration: CommandRegistration, path: readonly string[]): LeafAccess {
  const handler = handlerAt(registration, path);
  if (!handler) throw new Error(`/${[registration.definition.name, ...path].join(" ")} has no handler`);
  const { policy, memberPermissions } = accessRequest({ command: registration, handler });
  const access = policy.access ?? "everyone";
  const botNeeds = policy.botPermissions ? permissionNames(policy.botPermissions, ENGLISH) : undefined;
  if (access === "owner") return { who: "the bot's owners (`OWNER_IDS`)", needsServer: false, botNeeds };
  const permissions = memberPermissions ? permissionNames(memberPermissions, ENGLISH) : undefined;
  if (access === "moderator") {
    const who = permissions ? `members with ${permissions}, or a moderator role` : "a moderator role";
    return { who, needsServer: true, botNeeds };
  }
  if (permissions) return { who: `members with ${permissions}`, needsServer: true, botNeeds };
  return { who: "everyone", needsServer: false, botNeeds };
}

export const DATABASE_WORDS: Record<DatabaseNeed, string> = {
  required: "Its commands need the database (while it is down they answer that it is unavailable).",
  optional: "Its commands work without the database, doing less.",
  none: "It never uses the database.",
};
