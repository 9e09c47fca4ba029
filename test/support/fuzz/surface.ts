import "reflect-metadata";
import { ApplicationCommandOptionType as OptionType } from "discord-api-types/v10";
import pino from "pino";
import type { Cog } from "../../../src/bot/cog";
import type { CommandOptionDefinition } from "../../../src/bot/commands/definition";
import { commandDefinitions } from "../../../src/bot/commands/sync";
import { COGS } from "../../../src/cogs";
import { loadConfig } from "../../../src/config";
import { buildContainer } from "../../../src/container";

/** One runnable leaf of a slash command: `/name [group] [subcommand]` and the options it takes. */
export interface CommandLeaf {
  readonly name: string;
  readonly group?: string;
  readonly subcommand?: string;
  readonly options: readonly CommandOptionDefinition[];
  /** The names of its options that autocomplete. */
  readonly autocompletes: readonly string[];
}

/** A component or modal handler's custom-id prefix. */
export interface ComponentEntry {
  readonly prefix: string;
  readonly kind: "component" | "modal";
  readonly signed: boolean;
}

/** Everything an interaction can reach: every registered command leaf and component prefix. */
export interface FuzzSurface {
  readonly commandNames: readonly string[];
  readonly leaves: readonly CommandLeaf[];
  readonly components: readonly ComponentEntry[];
}

/**
 * Walks the cogs Warden loads (`COGS`, constructed the way `deploy-commands` does, without a database) so
 * a new command, subcommand, option or component joins the fuzz run without anyone listing it here.
 */
export function fuzzSurface(): FuzzSurface {
  const config = loadConfig({ DISCORD_TOKEN: "fuzz-surface", LOG_LEVEL: "silent", HEALTH_PORT: "0" });
  const container = buildContainer(config, pino({ level: "silent" }));
  const cogs = COGS.map((cogClass) => container.resolve<Cog>(cogClass));
  const definitions = commandDefinitions(cogs);
  const leaves = definitions.flatMap((definition) => leavesOf(definition.name, definition.options ?? []));
  const components = cogs.flatMap((cog) =>
    (cog.components ?? []).map((component) => ({
      prefix: component.prefix,
      kind: component.kind,
      signed: component.policy.signed ?? false,
    })),
  );
  return { commandNames: definitions.map((definition) => definition.name), leaves, components };
}

function leavesOf(name: string, options: readonly CommandOptionDefinition[]): CommandLeaf[] {
  const nested = options.filter(
    (option) => option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup,
  );
  if (nested.length === 0) return [leaf({ name }, options)];
  return nested.flatMap((option) => {
    const inner = ("options" in option ? option.options : undefined) ?? [];
    if (option.type === OptionType.Subcommand) return [leaf({ name, subcommand: option.name }, inner)];
    return inner.map((sub) =>
      leaf(
        { name, group: option.name, subcommand: sub.name },
        ("options" in sub ? sub.options : undefined) ?? [],
      ),
    );
  });
}

function leaf(
  path: { name: string; group?: string; subcommand?: string },
  options: readonly CommandOptionDefinition[],
): CommandLeaf {
  const autocompletes = options
    .filter((option) => "autocomplete" in option && option.autocomplete === true)
    .map((option) => option.name);
  return { ...path, options, autocompletes };
}

/** `/case show`, `/config modrole add`: how a leaf is written. */
export function leafLabel(leaf: Pick<CommandLeaf, "name" | "group" | "subcommand">): string {
  return ["/" + leaf.name, leaf.group, leaf.subcommand].filter(Boolean).join(" ");
}
