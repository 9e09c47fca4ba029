import type { OptionParsers } from "./registration";
import { ValidationError, type FieldErrors } from "../../errors/validation-error";
import { assertValid } from "../../validation";
import {
  ApplicationCommandOptionType,
  GuildMember,
  type Attachment,
  type CommandInteractionOption,
  type User,
} from "discord.js";
import { UserError } from "../../errors/user-error";
import { requiredTextInput } from "../text-input";
import type { CommandOptionDefinition } from "./definition";
import { checkDeclaredLimits } from "./option-limits";
import { OptionType } from "../discord-enums";

/** A user option: the user, and their membership when they are in the guild. */
export interface ResolvedUser {
  user: User;
  member: GuildMember | null;
}
export type ResolvedChannel = NonNullable<CommandInteractionOption["channel"]>;
export type ResolvedRole = NonNullable<CommandInteractionOption["role"]>;

type ChoiceValue<O, Fallback> = O extends { readonly choices: readonly { readonly value: infer V }[] }
  ? V
  : Fallback;

type ValueOf<O> = O extends { readonly type: ApplicationCommandOptionType.String }
  ? ChoiceValue<O, string>
  : O extends { readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? ChoiceValue<O, number>
    : O extends { readonly type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : O extends { readonly type: ApplicationCommandOptionType.User }
        ? ResolvedUser
        : O extends { readonly type: ApplicationCommandOptionType.Channel }
          ? ResolvedChannel
          : O extends { readonly type: ApplicationCommandOptionType.Role }
            ? ResolvedRole
            : O extends { readonly type: ApplicationCommandOptionType.Mentionable }
              ? ResolvedUser | ResolvedRole
              : O extends { readonly type: ApplicationCommandOptionType.Attachment }
                ? Attachment
                : never;

type NameOf<O> = O extends { readonly name: infer N extends string } ? N : never;

/** The typed arguments of a (sub)command: required options are present, the others may be undefined. */
export type ArgsOf<Options> = Options extends readonly (infer O)[]
  ? { [P in O as NameOf<P>]: P extends { readonly required: true } ? ValueOf<P> : ValueOf<P> | undefined }
  : Record<string, never>;

/** Loosely typed arguments, as the router builds them before the handler's types apply. */
export type RawArgs = Record<string, unknown>;

/**
 * Reads each option the definition declares from the interaction's options, in the shapes `ArgsOf`
 * promises, strings made storable (`textInput`). Options the user left out are undefined.
 */
export function readArguments(
  definitions: readonly CommandOptionDefinition[] | undefined,
  provided: readonly CommandInteractionOption[],
): RawArgs {
  const args: RawArgs = {};
  if (!definitions?.length) return args;
  const byName = new Map(provided.map((option) => [option.name, option]));
  for (const definition of definitions) {
    const option = byName.get(definition.name);
    if (option && option.type !== definition.type) {
      // Discord still has an older definition of this command registered.
      throw new UserError("common.stale_command", {
        option: definition.name,
        expected: definition.type,
        received: option.type,
      });
    }
    const value = option ? valueOf(option, definition.name) : undefined;
    checkDeclaredLimits(definition, value);
    args[definition.name] = value;
  }
  return args;
}

function valueOf(option: CommandInteractionOption, name: string): unknown {
  switch (option.type) {
    case OptionType.String:
      return typeof option.value === "string" ? requiredTextInput(name, option.value) : option.value;
    case OptionType.User:
      return resolvedUser(option);
    case OptionType.Channel:
      return option.channel ?? undefined;
    case OptionType.Role:
      return option.role ?? undefined;
    case OptionType.Mentionable:
      return option.user ? resolvedUser(option) : (option.role ?? undefined);
    case OptionType.Attachment:
      return option.attachment ?? undefined;
    default:
      return option.value;
  }
}

function resolvedUser(option: CommandInteractionOption): ResolvedUser | undefined {
  if (!option.user) return undefined;
  return { user: option.user, member: option.member instanceof GuildMember ? option.member : null };
}

/**
 * The one validation route after Discord's own limits: the policy's option parsers (a duration becomes
 * milliseconds, once), then its DTO. Every option either breaks is reported in one ValidationError.
 */
export function validateArguments(
  args: RawArgs,
  policy: { parse?: OptionParsers; dto?: new () => object },
): RawArgs {
  if (!policy.parse && !policy.dto) return args;
  const parsed: RawArgs = { ...args };
  let fields: FieldErrors = {};
  for (const [option, parse] of Object.entries(policy.parse ?? {})) {
    const text = parsed[option];
    if (typeof text !== "string") continue;
    try {
      parsed[option] = parse(text, option);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      fields = { ...fields, ...error.fields };
      parsed[option] = undefined;
    }
  }
  if (policy.dto) {
    try {
      assertValid(Object.assign(new policy.dto(), parsed));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      fields = { ...fields, ...error.fields };
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return parsed;
}
