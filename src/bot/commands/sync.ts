import { Routes, type REST } from "discord.js";
import type { Logger } from "../../logger";
import type { Cog } from "../cog";
import { localisedDefinition } from "../../i18n/command-text";
import { localisedMenu } from "../../i18n/menu-text";
import type { ChatInputCommandDefinition } from "./definition";
import type { MenuDefinition } from "./menu";

/** Anything registered with Discord: a slash command or a context menu. */
export type ApplicationCommandDefinition = ChatInputCommandDefinition | MenuDefinition;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Loose = Readonly<Record<string, unknown>>;

function list(value: unknown): readonly Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : [];
}

/** Localisations in a stable order (Discord may return the keys in any order). */
function localisations(value: unknown): Json {
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0 ? entries : null;
}

function canonicalOption(option: Loose): Json {
  return {
    type: option.type as number,
    name: option.name as string,
    name_localizations: localisations(option.name_localizations),
    description: (option.description as string | undefined) ?? "",
    description_localizations: localisations(option.description_localizations),
    required: (option.required as boolean | undefined) ?? false,
    autocomplete: (option.autocomplete as boolean | undefined) ?? false,
    choices: list(option.choices).map((choice) => [
      choice.name as string,
      choice.value as string | number,
      localisations(choice.name_localizations),
    ]),
    channel_types: [...((option.channel_types as number[] | undefined) ?? [])].sort(),
    min_value: (option.min_value as number | undefined) ?? null,
    max_value: (option.max_value as number | undefined) ?? null,
    min_length: (option.min_length as number | undefined) ?? null,
    max_length: (option.max_length as number | undefined) ?? null,
    options: list(option.options).map(canonicalOption),
  };
}

/**
 * A command reduced to what Warden declares, with Discord's defaults filled in, so a definition and the
 * registered copy (which carries ids, versions and defaults) compare equal when nothing changed.
 */
function canonicalCommand(command: Loose, local: Loose): Json {
  const sortedOrNull = (value: unknown): Json =>
    Array.isArray(value) ? [...(value as number[])].sort() : null;
  return {
    name: command.name as string,
    name_localizations: localisations(command.name_localizations),
    type: (command.type as number | undefined) ?? 1,
    description: (command.description as string | undefined) ?? "",
    description_localizations: localisations(command.description_localizations),
    default_member_permissions: (command.default_member_permissions as string | null | undefined) ?? null,
    nsfw: (command.nsfw as boolean | undefined) ?? false,
    // Discord fills these in when a definition leaves them out; compare them only when Warden sets them.
    contexts: "contexts" in local ? sortedOrNull(command.contexts) : null,
    integration_types: "integration_types" in local ? sortedOrNull(command.integration_types) : null,
    options: list(command.options).map(canonicalOption),
  };
}

/** Discord tells commands apart by type and name ("warn" the slash command, "Warn" the user menu). */
const commandKey = (command: Loose): string =>
  `${(command.type as number | undefined) ?? 1}:${String(command.name)}`;

export function commandsDiffer(
  local: readonly ApplicationCommandDefinition[],
  registered: readonly Loose[],
): boolean {
  if (local.length !== registered.length) return true;
  const remoteByKey = new Map(registered.map((command) => [commandKey(command), command]));
  return local.some((definition) => {
    const remote = remoteByKey.get(commandKey(definition as unknown as Loose));
    if (!remote) return true;
    const mine = definition as unknown as Loose;
    return JSON.stringify(canonicalCommand(mine, mine)) !== JSON.stringify(canonicalCommand(remote, mine));
  });
}

export interface CommandTarget {
  applicationId: string;
  /** Register to this guild only (instant while developing); global otherwise. */
  guildId?: string | undefined;
}

function route(target: CommandTarget): `/${string}` {
  return target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
}

/** Replaces the registered set with these definitions (one PUT). */
export async function deployCommands(
  rest: REST,
  target: CommandTarget,
  definitions: readonly ApplicationCommandDefinition[],
): Promise<void> {
  await rest.put(route(target), { body: definitions });
}

/** Registers the definitions only when they differ from what Discord has; returns whether it did. */
export async function syncCommands(
  rest: REST,
  target: CommandTarget,
  definitions: readonly ApplicationCommandDefinition[],
  logger: Logger,
): Promise<boolean> {
  // Without with_localizations Discord leaves the localisations out, and every start would register again.
  const query = new URLSearchParams({ with_localizations: "true" });
  const registered = (await rest.get(route(target), { query })) as Loose[];
  if (!commandsDiffer(definitions, registered)) {
    logger.info({ commands: definitions.length, guildId: target.guildId }, "commands up to date");
    return false;
  }
  await deployCommands(rest, target, definitions);
  logger.info({ commands: definitions.length, guildId: target.guildId }, "commands registered");
  return true;
}

/** Every command definition the cogs declare, in load order, as registered: in every language. */
export function commandDefinitions(cogs: readonly Cog[]): ChatInputCommandDefinition[] {
  return cogs.flatMap((cog) =>
    (cog.commands ?? []).map((command) => localisedDefinition(command.definition)),
  );
}

/** Every context menu the cogs declare, in load order, as registered: in every language. */
export function menuDefinitions(cogs: readonly Cog[]): MenuDefinition[] {
  return cogs.flatMap((cog) => (cog.menus ?? []).map((menu) => localisedMenu(menu.definition)));
}

/** What Warden registers with Discord: the slash commands, then the context menus. */
export function applicationCommands(cogs: readonly Cog[]): ApplicationCommandDefinition[] {
  return [...commandDefinitions(cogs), ...menuDefinitions(cogs)];
}
