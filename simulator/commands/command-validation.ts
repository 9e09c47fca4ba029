import { ApplicationCommandOptionType, ApplicationCommandType } from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { asRecord } from "../rest/fields";

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;

/**
 * Discord's main registration rules, so a malformed definition fails here as it would in production:
 * names (lower-case for slash commands), descriptions, option counts, required-before-optional,
 * unique names, subcommand nesting and choice limits.
 */
export function validateCommand(body: unknown, path = "body"): Record<string, unknown> {
  const command = asRecord(body);
  const type = command.type ?? ApplicationCommandType.ChatInput;
  if (typeof type !== "number") throw apiErrors.invalidForm(`${path}.type`, "Must be a command type.");
  const chatInput = type === ApplicationCommandType.ChatInput;
  checkName(command.name, `${path}.name`, chatInput);
  if (chatInput) checkDescription(command.description, `${path}.description`);
  if (command.options !== undefined) checkOptions(command.options, `${path}.options`, 0);
  return command;
}

function checkName(name: unknown, path: string, chatInput: boolean): void {
  if (typeof name !== "string" || name.length < 1 || name.length > 32) {
    throw apiErrors.invalidForm(path, "Must be between 1 and 32 in length.");
  }
  if (chatInput && (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase())) {
    throw apiErrors.invalidForm(path, "Command name is invalid");
  }
}

function checkDescription(description: unknown, path: string): void {
  if (typeof description !== "string" || description.length < 1 || description.length > 100) {
    throw apiErrors.invalidForm(path, "Must be between 1 and 100 in length.");
  }
}

function checkOptions(options: unknown, path: string, depth: number): void {
  if (!Array.isArray(options)) throw apiErrors.invalidForm(path, "Must be an array.");
  if (options.length > MAX_OPTIONS) throw apiErrors.invalidForm(path, "Must be 25 or fewer in length.");
  const names = new Set<string>();
  let optionalSeen = false;
  options.forEach((raw, index) => {
    const option = asRecord(raw);
    const at = `${path}.${index}`;
    checkName(option.name, `${at}.name`, true);
    checkDescription(option.description, `${at}.description`);
    const name = String(option.name);
    if (names.has(name)) throw apiErrors.invalidForm(`${at}.name`, "Option names must be unique");
    names.add(name);
    const type = option.type;
    if (typeof type !== "number" || !(type in ApplicationCommandOptionType)) {
      throw apiErrors.invalidForm(`${at}.type`, "Value is not a valid option type.");
    }
    const nests =
      type === ApplicationCommandOptionType.Subcommand ||
      type === ApplicationCommandOptionType.SubcommandGroup;
    if (nests) {
      const allowed = type === ApplicationCommandOptionType.SubcommandGroup ? depth === 0 : depth <= 1;
      if (!allowed) throw apiErrors.invalidForm(`${at}.type`, "Subcommands cannot be nested this deep.");
      if (option.options !== undefined) checkOptions(option.options, `${at}.options`, depth + 1);
      return;
    }
    if (option.required === true && optionalSeen) {
      throw apiErrors.invalidForm(
        `${at}.required`,
        "Required options must be placed before non-required options",
      );
    }
    if (option.required !== true) optionalSeen = true;
    if (Array.isArray(option.choices) && option.choices.length > MAX_OPTIONS) {
      throw apiErrors.invalidForm(`${at}.choices`, "Must be 25 or fewer in length.");
    }
    if (Array.isArray(option.choices) && option.autocomplete === true) {
      throw apiErrors.invalidForm(`${at}.autocomplete`, "Autocomplete cannot be set with choices.");
    }
  });
  const kinds = options.map((raw) => asRecord(raw).type);
  const nested = kinds.filter(
    (kind) =>
      kind === ApplicationCommandOptionType.Subcommand ||
      kind === ApplicationCommandOptionType.SubcommandGroup,
  );
  if (nested.length > 0 && nested.length !== kinds.length) {
    throw apiErrors.invalidForm(path, "Subcommands cannot be mixed with other options.");
  }
}
