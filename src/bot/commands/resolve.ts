import type { CommandInteractionOption } from "discord.js";
import { OptionType } from "../discord-enums";
import type { CommandOptionDefinition } from "./definition";
import type { CommandHandler, CommandRegistration, HandlerPolicy } from "./registration";

export interface ResolvedHandler {
  /** "/case edit", for replies and logs. */
  label: string;
  run: CommandHandler<Record<string, unknown>>;
  policy: HandlerPolicy;
  /** The option definitions of the invoked (sub)command. */
  options: readonly CommandOptionDefinition[] | undefined;
  /** The options the user provided to it. */
  provided: readonly CommandInteractionOption[];
}

function childOptions(definition: CommandOptionDefinition): readonly CommandOptionDefinition[] | undefined {
  return "options" in definition ? (definition.options as readonly CommandOptionDefinition[]) : undefined;
}

/**
 * Walks from the interaction's option tree (group → subcommand → arguments) to the handler registered for
 * it. Returns undefined when the definition and the invocation disagree (a stale registration).
 */
export function resolveHandler(
  registration: CommandRegistration,
  data: readonly CommandInteractionOption[],
): ResolvedHandler | undefined {
  const path: string[] = [];
  let handlers: unknown = registration.handlers;
  let definitions = registration.definition.options as readonly CommandOptionDefinition[] | undefined;
  let provided = data;
  for (;;) {
    const nested = provided[0];
    const isBranch = nested?.type === OptionType.SubcommandGroup || nested?.type === OptionType.Subcommand;
    if (!nested || !isBranch) break;
    const definition = definitions?.find((option) => option.name === nested.name);
    if (!definition || typeof handlers !== "object" || handlers === null) return undefined;
    handlers = (handlers as Record<string, unknown>)[nested.name];
    definitions = childOptions(definition);
    provided = nested.options ?? [];
    path.push(nested.name);
  }
  const label = `/${[registration.definition.name, ...path].join(" ")}`;
  if (typeof handlers === "function") {
    return {
      label,
      run: handlers as ResolvedHandler["run"],
      policy: registration.policy,
      options: definitions,
      provided,
    };
  }
  if (typeof handlers === "object" && handlers !== null && "run" in handlers) {
    const { run, ...policy } = handlers as HandlerPolicy & { run: ResolvedHandler["run"] };
    return { label, run, policy: { ...registration.policy, ...policy }, options: definitions, provided };
  }
  return undefined;
}

/** The handler a command path (`["case", "show"]`) leads to, as if that subcommand had been run. */
export function handlerAt(
  registration: CommandRegistration,
  path: readonly string[],
): ResolvedHandler | undefined {
  const definitionsAlong: CommandOptionDefinition[] = [];
  let definitions = registration.definition.options as readonly CommandOptionDefinition[] | undefined;
  for (const name of path) {
    const definition = definitions?.find((option) => option.name === name);
    if (!definition) return undefined;
    definitionsAlong.push(definition);
    definitions = childOptions(definition);
  }
  // The option tree an interaction running that path would carry, built from the innermost step out.
  const data = definitionsAlong.reduceRight<CommandInteractionOption[]>(
    (inner, definition) => [{ name: definition.name, type: definition.type, options: inner }],
    [],
  );
  return resolveHandler(registration, data);
}
