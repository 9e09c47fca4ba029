import { ApplicationCommandOptionType as OptionType, ComponentType } from "discord-api-types/v10";
import type { SelectInfo } from "./components";
import { SandboxInputError } from "./errors";
import type { OptionSpec, OptionValue } from "./parse";

/** Looks names up in the sandbox's world; each throws SandboxInputError naming what exists. */
export interface References {
  userId(name: string): string;
  channelId(name: string): string;
  roleId(name: string): string;
}

const SNOWFLAKE = /^\d{17,20}$/;
const TRUE = new Set(["true", "yes", "on"]);
const FALSE = new Set(["false", "no", "off"]);

/** Turns what was typed into the value the option's type needs: `@name`, `#channel`, `@&Role`, numbers… */
export function typedValue(option: OptionSpec, raw: string, references: References): OptionValue {
  if (raw === "") throw new SandboxInputError(`${option.name}: needs a value`);
  if (option.choices && option.choices.length > 0) return choiceValue(option, option.choices, raw);
  return valueOfType(option, raw, references);
}

function valueOfType(option: OptionSpec, raw: string, references: References): OptionValue {
  switch (option.type) {
    case OptionType.String:
      return raw;
    case OptionType.Integer:
    case OptionType.Number: {
      const number = Number(raw);
      const integer = option.type === OptionType.Integer;
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) || (integer && !Number.isSafeInteger(number))) {
        throw new SandboxInputError(
          `${option.name}: needs ${integer ? "a whole number" : "a number"}, not ${raw}`,
        );
      }
      return number;
    }
    case OptionType.Boolean: {
      const lower = raw.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new SandboxInputError(`${option.name}: needs true or false, not ${raw}`);
    }
    case OptionType.User:
      return userRef(raw, references) ?? refuse(option.name, "a member, like @alice", raw);
    case OptionType.Channel:
      return channelRef(raw, references) ?? refuse(option.name, "a channel, like #general", raw);
    case OptionType.Role:
      return roleRef(raw, references) ?? refuse(option.name, "a role, like @&Moderators", raw);
    case OptionType.Mentionable:
      return (
        roleRef(raw, references) ??
        userRef(raw, references) ??
        refuse(option.name, "a member or a role, like @alice or @&Moderators", raw)
      );
    default:
      throw new SandboxInputError(
        `${option.name}: the sandbox cannot fill this kind of option (type ${option.type})`,
      );
  }
}

function refuse(name: string, wanted: string, raw: string): never {
  throw new SandboxInputError(`${name}: needs ${wanted}, not ${raw}`);
}

function userRef(raw: string, references: References): string | undefined {
  const mention = /^<@!?(\d{17,20})>$/.exec(raw);
  if (mention) return mention[1];
  if (SNOWFLAKE.test(raw)) return raw;
  if (raw.startsWith("@") && !raw.startsWith("@&")) return references.userId(raw.slice(1));
  return undefined;
}

function channelRef(raw: string, references: References): string | undefined {
  const mention = /^<#(\d{17,20})>$/.exec(raw);
  if (mention) return mention[1];
  if (SNOWFLAKE.test(raw)) return raw;
  if (raw.startsWith("#")) return references.channelId(raw.slice(1));
  return undefined;
}

function roleRef(raw: string, references: References): string | undefined {
  const mention = /^<@&(\d{17,20})>$/.exec(raw);
  if (mention) return mention[1];
  if (raw.startsWith("@&")) return references.roleId(raw.slice(2));
  return undefined;
}

/** Accepts a choice by its value or (case-insensitively) by its name. */
function choiceValue(
  option: OptionSpec,
  choices: NonNullable<OptionSpec["choices"]>,
  raw: string,
): OptionValue {
  const lower = raw.toLowerCase();
  const chosen =
    choices.find((choice) => String(choice.value) === raw) ??
    choices.find(
      (choice) => String(choice.value).toLowerCase() === lower || choice.name.toLowerCase() === lower,
    );
  if (chosen) return chosen.value;
  const listed = choices.map((choice) => String(choice.value)).join(", ");
  throw new SandboxInputError(`${option.name}: must be one of ${listed}, not ${raw}`);
}

/** The values of a select menu: a string select's by value or label, else members, roles or channels. */
export function selectValues(select: SelectInfo, raw: readonly string[], references: References): string[] {
  return raw.map((value) => {
    switch (select.type) {
      case ComponentType.StringSelect: {
        const lower = value.toLowerCase();
        const option =
          select.options.find((candidate) => candidate.value === value) ??
          select.options.find(
            (candidate) => candidate.value.toLowerCase() === lower || candidate.label.toLowerCase() === lower,
          );
        if (option) return option.value;
        const listed = select.options.map((candidate) => candidate.value).join(", ");
        throw new SandboxInputError(`"${select.placeholder}" offers ${listed}, not ${value}`);
      }
      case ComponentType.UserSelect:
        return userRef(value, references) ?? refuse("the select", "a member, like @alice", value);
      case ComponentType.RoleSelect:
        return roleRef(value, references) ?? refuse("the select", "a role, like @&Moderators", value);
      case ComponentType.ChannelSelect:
        return channelRef(value, references) ?? refuse("the select", "a channel, like #general", value);
      default:
        return (
          roleRef(value, references) ??
          userRef(value, references) ??
          refuse("the select", "a member or a role", value)
        );
    }
  });
}
