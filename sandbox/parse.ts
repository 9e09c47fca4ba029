import { ApplicationCommandOptionType } from "discord-api-types/v10";
import { SandboxInputError } from "./errors";
import { typedValue, type References } from "./option-values";
import { showToken, tokenize, type Token } from "./tokenize";

const SUBCOMMAND: number = ApplicationCommandOptionType.Subcommand;
const GROUP: number = ApplicationCommandOptionType.SubcommandGroup;

/** What a sandbox line asks for, before names are looked up. */
export type SandboxCommand =
  | { kind: "slash"; name: string; tokens: Token[] }
  | { kind: "click"; label: string }
  | { kind: "menu"; name: string; target: string }
  | { kind: "select"; placeholder: string; values: string[] }
  | { kind: "submit"; fields: Record<string, string> }
  | { kind: "as"; user: string }
  | { kind: "in"; channel: string }
  | { kind: "locale"; code: string }
  | { kind: "log"; channel: string | undefined }
  | { kind: "members" | "help" | "quit" | "nothing" };

export const SANDBOX_HELP = [
  '/name [group] [sub] key:value key:"two words"   run a slash command (@user, #channel, @&Role)',
  'click "Label"                 press a button on the newest bot message here that has it',
  'menu "Warn" @bob              right-click a member → Apps → "Warn" (a context menu)',
  'menu "Report" <message id>    a message menu on that message ("last": the newest message here)',
  'select "placeholder" value…   choose values in a select menu',
  "submit key:value…             fill in and send the last modal",
  "as @name                      act as another member",
  "in #channel                   move to another channel",
  "locale de                     this member's Discord speaks another language (en-US, de, es-ES, …)",
  "log [#channel]                the channel's messages, oldest first",
  "members                       who is here, and their roles",
  "help, quit",
];

/** Parses one line of input; throws SandboxInputError with one clear line when it makes no sense. */
export function parseLine(line: string): SandboxCommand {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return { kind: "nothing" };
  const tokens = tokenize(trimmed);
  const [first, ...rest] = tokens;
  if (!first) return { kind: "nothing" };
  if (first.key === undefined && !first.quoted && first.value.startsWith("/")) {
    const name = first.value.slice(1).toLowerCase();
    if (name === "") throw new SandboxInputError("a slash command needs a name, like /ping");
    return { kind: "slash", name, tokens: rest };
  }
  const word = first.key === undefined && !first.quoted ? first.value.toLowerCase() : "";
  switch (word) {
    case "click":
      return { kind: "click", label: joined(rest, 'click needs a button label, like click "Next"') };
    case "menu": {
      const [name, target, ...more] = rest;
      if (!name || !target || more.length > 0 || name.key !== undefined || target.key !== undefined) {
        throw new SandboxInputError('menu needs a menu name and a target, like menu "Warn" @bob');
      }
      return { kind: "menu", name: name.value, target: target.value };
    }
    case "select": {
      const [placeholder, ...values] = rest;
      if (!placeholder || values.length === 0) {
        throw new SandboxInputError(
          'select needs a placeholder and values, like select "Pick a reason" spam',
        );
      }
      return { kind: "select", placeholder: placeholder.value, values: values.map((token) => token.value) };
    }
    case "submit":
      return { kind: "submit", fields: submitFields(rest) };
    case "as":
      return { kind: "as", user: stripSigil(single(rest, "as needs a member, like as @alice"), "@") };
    case "in":
      return { kind: "in", channel: stripSigil(single(rest, "in needs a channel, like in #mod-log"), "#") };
    case "locale":
      return { kind: "locale", code: single(rest, "locale needs a Discord language code, like locale de") };
    case "log":
      return {
        kind: "log",
        channel: rest.length === 0 ? undefined : stripSigil(single(rest, "log takes one channel"), "#"),
      };
    case "members":
    case "help":
    case "quit":
      if (rest.length > 0) throw new SandboxInputError(`${word} takes nothing after it`);
      return { kind: word };
    case "exit":
      return { kind: "quit" };
    default:
      throw new SandboxInputError(`I don't understand "${trimmed}": type help for what I do`);
  }
}

function joined(tokens: Token[], missing: string): string {
  if (tokens.length === 0) throw new SandboxInputError(missing);
  return tokens.map((token) => (token.key === undefined ? token.value : showToken(token))).join(" ");
}

function single(tokens: Token[], message: string): string {
  const [only, ...more] = tokens;
  if (!only || more.length > 0 || only.key !== undefined) throw new SandboxInputError(message);
  return only.value;
}

function stripSigil(value: string, sigil: string): string {
  return value.startsWith(sigil) ? value.slice(sigil.length) : value;
}

function submitFields(tokens: Token[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const token of tokens) {
    if (token.key === undefined) {
      throw new SandboxInputError(`expected field:value, got ${showToken(token)}`);
    }
    if (token.key in fields) throw new SandboxInputError(`field ${token.key} is given twice`);
    fields[token.key] = token.value;
  }
  if (tokens.length === 0) throw new SandboxInputError('submit needs fields, like submit reason:"spam"');
  return fields;
}

/** An option of a registered command, as `registeredCommands()` returns it (only what the parser reads). */
export interface OptionSpec {
  readonly type: number;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly options?: readonly OptionSpec[];
}

export interface CommandSpec {
  readonly name: string;
  readonly type?: number;
  readonly options?: readonly OptionSpec[];
}

export type OptionValue = string | number | boolean;

/** A slash command ready for the simulator: names looked up, values typed by the definition. */
export interface SlashInvocation {
  name: string;
  group?: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
}

/**
 * Types `/name [group] [sub] key:value…` by the registered definition. A name nobody registered goes to
 * the bot as it is (Warden answers those itself), as long as it has no options to type.
 */
export function parseSlashCommand(
  command: { name: string; tokens: Token[] },
  specs: readonly CommandSpec[],
  references: References,
): SlashInvocation {
  const spec = specs.find((candidate) => (candidate.type ?? 1) === 1 && candidate.name === command.name);
  if (!spec) {
    if (command.tokens.length === 0) return { name: command.name, options: {} };
    const known = specs.map((candidate) => `/${candidate.name}`).join(", ");
    throw new SandboxInputError(`/${command.name} is not a registered command (registered: ${known})`);
  }
  const words = [...command.tokens];
  const invocation: SlashInvocation = { name: spec.name, options: {} };
  let options = spec.options ?? [];
  let path = `/${spec.name}`;
  while (options.some((option) => option.type === SUBCOMMAND || option.type === GROUP)) {
    const word = words.shift();
    const choices = options.map((option) => option.name).join(", ");
    if (!word || word.key !== undefined) {
      throw new SandboxInputError(`${path} needs one of: ${choices}`);
    }
    const chosen = options.find((option) => option.name === word.value.toLowerCase());
    if (!chosen) throw new SandboxInputError(`${path} has no ${word.value} (it has: ${choices})`);
    if (chosen.type === GROUP) invocation.group = chosen.name;
    else invocation.subcommand = chosen.name;
    path = `${path} ${chosen.name}`;
    options = chosen.options ?? [];
  }
  for (const token of words) {
    if (token.key === undefined) {
      throw new SandboxInputError(`expected name:value after ${path}, got ${showToken(token)}`);
    }
    const option = options.find((candidate) => candidate.name === token.key?.toLowerCase());
    if (!option) {
      const names = options.map((candidate) => candidate.name).join(", ") || "none";
      throw new SandboxInputError(`${path} has no option ${token.key} (options: ${names})`);
    }
    if (option.name in invocation.options) throw new SandboxInputError(`${option.name} is given twice`);
    invocation.options[option.name] = typedValue(option, token.value, references);
  }
  const missing = options.filter(
    (option) => option.required === true && !(option.name in invocation.options),
  );
  if (missing.length > 0) {
    throw new SandboxInputError(`${path} needs ${missing.map((option) => `${option.name}:`).join(" ")}`);
  }
  return invocation;
}
