import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommand,
} from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { generateSnowflake } from "../core/snowflake";
import type { Clock } from "../types";
import { validateCommand } from "./command-validation";

const GLOBAL = "global";
const MAX_COMMANDS_PER_TYPE = 100;

/** Application commands as Discord stores them: global and per guild, with ids and versions. */
export class CommandStore {
  private readonly scopes = new Map<string, APIApplicationCommand[]>();

  constructor(
    private readonly applicationId: string,
    private readonly clock: Clock,
  ) {}

  list(guildId?: string): APIApplicationCommand[] {
    return [...(this.scopes.get(guildId ?? GLOBAL) ?? [])];
  }

  get(guildId: string | undefined, id: string): APIApplicationCommand {
    const found = this.list(guildId).find((command) => command.id === id);
    if (!found) throw apiErrors.unknownCommand();
    return found;
  }

  /** Bulk overwrite: keeps the id of a command whose name and type are unchanged. */
  replace(guildId: string | undefined, bodies: unknown): APIApplicationCommand[] {
    if (!Array.isArray(bodies)) throw apiErrors.invalidForm("body", "Must be an array.");
    const previous = this.list(guildId);
    const seen = new Set<string>();
    const next = bodies.map((body, index) => {
      const definition = validateCommand(body, `${index}`);
      const key = `${String(definition.type ?? 1)}:${String(definition.name)}`;
      if (seen.has(key))
        throw apiErrors.invalidForm(`${index}.name`, "Application command names must be unique");
      seen.add(key);
      const existing = previous.find((command) => `${command.type}:${command.name}` === key);
      return this.store(guildId, definition, existing);
    });
    this.checkCount(next);
    this.scopes.set(guildId ?? GLOBAL, next);
    return [...next];
  }

  /** POST: creates, or updates the command with the same name and type. */
  upsert(guildId: string | undefined, body: unknown): { command: APIApplicationCommand; created: boolean } {
    const definition = validateCommand(body);
    const commands = this.list(guildId);
    const index = commands.findIndex(
      (command) => command.name === definition.name && command.type === (definition.type ?? 1),
    );
    const command = this.store(guildId, definition, commands[index]);
    if (index >= 0) commands[index] = command;
    else commands.push(command);
    this.checkCount(commands);
    this.scopes.set(guildId ?? GLOBAL, commands);
    return { command, created: index < 0 };
  }

  patch(guildId: string | undefined, id: string, body: unknown): APIApplicationCommand {
    const current = this.get(guildId, id);
    const merged = validateCommand({
      ...current,
      ...(typeof body === "object" && body !== null ? body : {}),
    });
    const command = this.store(guildId, merged, current);
    this.scopes.set(
      guildId ?? GLOBAL,
      this.list(guildId).map((candidate) => (candidate.id === id ? command : candidate)),
    );
    return command;
  }

  remove(guildId: string | undefined, id: string): void {
    this.get(guildId, id);
    this.scopes.set(
      guildId ?? GLOBAL,
      this.list(guildId).filter((command) => command.id !== id),
    );
  }

  /** The chat-input command a user would run in `guildId`: the guild's own first, then the global one. */
  findChatInput(guildId: string, name: string): APIApplicationCommand | undefined {
    return this.find(guildId, ApplicationCommandType.ChatInput, name);
  }

  /** The global chat-input command a user may run in their DMs with the bot (its contexts allow BotDM). */
  findInDms(name: string): APIApplicationCommand | undefined {
    return this.list().find(
      (command) =>
        command.name === name &&
        command.type === ApplicationCommandType.ChatInput &&
        (command.contexts
          ? command.contexts.includes(InteractionContextType.BotDM)
          : command.dm_permission !== false),
    );
  }

  /** The command of this type a user would run in `guildId`: the guild's own first, then the global one. */
  find(guildId: string, type: ApplicationCommandType, name: string): APIApplicationCommand | undefined {
    const matches = (command: APIApplicationCommand) => command.name === name && command.type === type;
    return this.list(guildId).find(matches) ?? this.list().find(matches);
  }

  private store(
    guildId: string | undefined,
    definition: Record<string, unknown>,
    existing: APIApplicationCommand | undefined,
  ): APIApplicationCommand {
    const contexts = Array.isArray(definition.contexts)
      ? (definition.contexts as InteractionContextType[])
      : null;
    const stored: Record<string, unknown> = {
      ...definition,
      id: existing?.id ?? generateSnowflake(this.clock()),
      application_id: this.applicationId,
      version: existing?.version ?? "",
      type: definition.type ?? ApplicationCommandType.ChatInput,
      default_member_permissions: definition.default_member_permissions ?? null,
      contexts,
      integration_types: definition.integration_types ?? [ApplicationIntegrationType.GuildInstall],
      nsfw: definition.nsfw ?? false,
    };
    if (guildId === undefined) {
      stored.dm_permission = contexts
        ? contexts.includes(InteractionContextType.BotDM)
        : definition.dm_permission !== false;
    } else {
      stored.guild_id = guildId;
      delete stored.dm_permission;
    }
    if (Array.isArray(definition.options)) stored.options = definition.options.map(withoutFalseRequired);
    // Discord bumps the version only when the command changed.
    if (!existing || canonical(stored) !== canonical(existing))
      stored.version = generateSnowflake(this.clock());
    return stored as unknown as APIApplicationCommand;
  }

  private checkCount(commands: APIApplicationCommand[]): void {
    for (const type of [
      ApplicationCommandType.ChatInput,
      ApplicationCommandType.User,
      ApplicationCommandType.Message,
    ]) {
      if (commands.filter((command) => command.type === type).length > MAX_COMMANDS_PER_TYPE) {
        throw apiErrors.invalidForm("body", "Maximum number of application commands reached (100)");
      }
    }
  }
}

/** JSON with sorted keys, for comparing definitions regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** Discord omits `required: false` (and recurses into subcommands) in what it hands back. */
function withoutFalseRequired(option: unknown): unknown {
  if (typeof option !== "object" || option === null) return option;
  const { required, ...rest } = option as Record<string, unknown>;
  const copy: Record<string, unknown> = required === true ? { ...rest, required } : rest;
  if (Array.isArray(copy.options)) copy.options = copy.options.map(withoutFalseRequired);
  return copy;
}
