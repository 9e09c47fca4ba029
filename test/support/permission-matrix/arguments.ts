import { ApplicationCommandOptionType as Option } from "discord.js";
import type { CommandOptionDefinition } from "../../../src/bot/commands/definition";
import { commandId, type CommandLeaf } from "./entry-points";

/** The short word every string option gets; the fixture names its tag, variable and group after it. */
export const WORD = "matrix";

export type OptionValue = string | number | boolean;

/** What option values point at in the guild a send goes to. */
export interface ArgumentSources {
  /** A new member with no role: a valid target for any moderator. */
  newMember(): string;
  channelId: string;
  /** A role nobody holds, below every member's roles. */
  spareRoleId: string;
  /** A user banned from the guild. */
  bannedUserId: string;
  /** A file uploaded with the command (its content is no export: an import that runs refuses it). */
  newAttachment(): string;
}

type Special = (sources: ArgumentSources) => OptionValue;

/**
 * Values a short word or the least number would not make valid: by option name (required options), or
 * by `"/command option"` (given even when the option is optional).
 */
const SPECIAL: Record<string, Special> = {
  duration: () => "10m",
  "/unban user": (sources) => sources.bannedUserId,
  "/case link number": () => 2,
  "/tag edit response": () => WORD,
};

/**
 * Valid values for the leaf's required options, derived from their definitions: the first choice, a
 * short word, the least number allowed, true, a fresh member, the guild's channel, a spare role.
 */
export function argumentsFor(leaf: CommandLeaf, sources: ArgumentSources): Record<string, OptionValue> {
  const id = commandId(leaf.path);
  const values: Record<string, OptionValue> = {};
  for (const option of leaf.options) {
    const required = "required" in option && option.required === true;
    if (required || `${id} ${option.name}` in SPECIAL) values[option.name] = valueFor(id, option, sources);
  }
  return values;
}

function valueFor(id: string, option: CommandOptionDefinition, sources: ArgumentSources): OptionValue {
  const special = SPECIAL[`${id} ${option.name}`] ?? SPECIAL[option.name];
  if (special) return special(sources);
  const firstChoice = "choices" in option ? option.choices?.[0] : undefined;
  if (firstChoice) return firstChoice.value;
  switch (option.type) {
    case Option.String:
      return WORD;
    case Option.Integer:
    case Option.Number:
      return ("min_value" in option ? option.min_value : undefined) ?? 1;
    case Option.Boolean:
      return true;
    case Option.User:
    case Option.Mentionable:
      return sources.newMember();
    case Option.Channel:
      return sources.channelId;
    case Option.Role:
      return sources.spareRoleId;
    case Option.Attachment:
      return sources.newAttachment();
    default:
      throw new Error(`${id}: the permission matrix cannot fill option "${option.name}" yet`);
  }
}
