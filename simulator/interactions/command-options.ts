import {
  ApplicationCommandOptionType as OptionType,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIInteractionDataResolved,
} from "discord-api-types/v10";
import type { CommandInput } from "../types";
import type { ResolvedBuilder } from "./resolved-data";

type OptionValue = string | number | boolean;

export interface BuiltOptions {
  options: APIApplicationCommandInteractionDataOption[];
  resolved: APIInteractionDataResolved | undefined;
}

/**
 * `data.options` for a slash command, typed by the registered definition when there is one (else
 * inferred from the JavaScript values), wrapped in its subcommand group / subcommand.
 */
export function buildCommandOptions(
  input: Pick<CommandInput, "name" | "group" | "subcommand" | "options">,
  definition: APIApplicationCommand | undefined,
  /** Null in DMs: there is no guild to resolve users, roles and channels in. */
  resolved: ResolvedBuilder | null,
  focused?: string,
): BuiltOptions {
  const definitions = leafDefinitions(input, definition);
  const provided = { ...(input.options ?? {}) };
  if (focused !== undefined && !(focused in provided)) provided[focused] = "";
  const leaf = Object.entries(provided).map(([name, value]) => {
    const optionDefinition = definitions?.find((candidate) => candidate.name === name);
    if (definitions && !optionDefinition) throw new Error(`/${input.name} has no option "${name}"`);
    const type = optionDefinition?.type ?? inferType(value);
    if (name === focused) return { name, type, value: String(value), focused: true };
    if (optionDefinition) checkChoice(optionDefinition, value, input.name);
    return { name, type, value: convert(type, value, name, resolved) };
  });
  if (definitions && focused === undefined) checkRequired(definitions, provided, input.name);
  let options: unknown[] = leaf;
  if (input.subcommand !== undefined)
    options = [{ type: OptionType.Subcommand, name: input.subcommand, options }];
  if (input.group !== undefined) options = [{ type: OptionType.SubcommandGroup, name: input.group, options }];
  return {
    options: options as APIApplicationCommandInteractionDataOption[],
    resolved: resolved?.build(),
  };
}

function leafDefinitions(
  input: Pick<CommandInput, "name" | "group" | "subcommand">,
  definition: APIApplicationCommand | undefined,
): APIApplicationCommandOption[] | undefined {
  if (!definition) return undefined;
  let options = definition.options ?? [];
  if (input.group !== undefined) {
    const group = options.find(
      (option) => option.type === OptionType.SubcommandGroup && option.name === input.group,
    );
    if (!group || group.type !== OptionType.SubcommandGroup)
      throw new Error(`/${input.name} has no group "${input.group}"`);
    options = group.options ?? [];
  }
  const nested = options.some((option) => option.type === OptionType.Subcommand);
  if (input.subcommand === undefined) {
    if (nested) throw new Error(`/${input.name} needs a subcommand`);
    return options;
  }
  const sub = options.find(
    (option) => option.type === OptionType.Subcommand && option.name === input.subcommand,
  );
  if (!sub || sub.type !== OptionType.Subcommand)
    throw new Error(`/${input.name} has no subcommand "${input.subcommand}"`);
  return sub.options ?? [];
}

function checkRequired(
  definitions: APIApplicationCommandOption[],
  provided: Record<string, OptionValue>,
  name: string,
): void {
  for (const option of definitions) {
    if ("required" in option && option.required === true && !(option.name in provided)) {
      throw new Error(`/${name} requires option "${option.name}"`);
    }
  }
}

function checkChoice(definition: APIApplicationCommandOption, value: OptionValue, command: string): void {
  if (!("choices" in definition) || !definition.choices || definition.choices.length === 0) return;
  if (!definition.choices.some((choice) => String(choice.value) === String(value))) {
    throw new Error(`/${command} option "${definition.name}" only accepts its choices, not ${String(value)}`);
  }
}

function inferType(value: OptionValue): OptionType {
  if (typeof value === "boolean") return OptionType.Boolean;
  if (typeof value === "number") return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

function convert(
  type: OptionType,
  value: OptionValue,
  name: string,
  resolved: ResolvedBuilder | null,
): OptionValue {
  switch (type) {
    case OptionType.String:
      return String(value);
    case OptionType.Integer:
    case OptionType.Number: {
      const number = Number(value);
      if (!Number.isFinite(number) || (type === OptionType.Integer && !Number.isInteger(number))) {
        throw new Error(
          `option "${name}" needs a${type === OptionType.Integer ? "n integer" : " number"}, got ${String(value)}`,
        );
      }
      return number;
    }
    case OptionType.Boolean:
      return value === true || value === "true";
  }
  if (!resolved) throw new Error(`option "${name}" (type ${type}) cannot be filled in a DM by the simulator`);
  switch (type) {
    case OptionType.User:
      return reference(resolved.addUser(String(value)), "user", value, name);
    case OptionType.Role:
      return reference(resolved.addRole(String(value)), "role", value, name);
    case OptionType.Channel:
      return reference(resolved.addChannel(String(value)), "channel", value, name);
    case OptionType.Attachment:
      return reference(resolved.addAttachment(String(value)), "attachment", value, name);
    case OptionType.Mentionable:
      return reference(
        resolved.addUser(String(value)) || resolved.addRole(String(value)),
        "user or role",
        value,
        name,
      );
    default:
      throw new Error(`option "${name}" has type ${type}, which the simulator cannot fill`);
  }
}

function reference(found: boolean, kind: string, value: OptionValue, name: string): string {
  if (!found) throw new Error(`option "${name}": no ${kind} with id ${String(value)}`);
  return String(value);
}
