import { ChannelType, ApplicationCommandOptionType as OptionType } from "discord-api-types/v10";
import type { CommandOptionDefinition } from "../../../src/bot/commands/definition";
import type { FuzzWorld } from "./fuzz-world";
import { chance, friendlyText, hostileText, pick, type Random } from "./hostile-text";

export type OptionValue = string | number | boolean;

/** Discord's bounds for integer options, and the most any string option may hold. */
export const MAX_SAFE = 2 ** 53;
export const MAX_STRING_OPTION = 6000;

function sized(length: number, random: Random): string {
  return pick(random, ["x", "é", "界"]).repeat(Math.max(0, length));
}

/** A string value: mostly what Discord lets through, sometimes at or just past the declared bounds. */
function stringValue(option: StringOption, world: FuzzWorld, random: Random, limits: boolean): string {
  const max = option.max_length ?? MAX_STRING_OPTION;
  if (limits) {
    const min = option.min_length ?? 0;
    return sized(pick(random, [max, max + 1, min, Math.max(0, min - 1), MAX_STRING_OPTION]), random);
  }
  const text = chance(random, 0.5) ? friendlyText(option, world, random) : hostileText(world, random);
  return text.length > max ? text.slice(0, max) : text;
}

type StringOption = Extract<CommandOptionDefinition, { readonly type: OptionType.String }>;
type NumericOption = Extract<
  CommandOptionDefinition,
  { readonly type: OptionType.Integer | OptionType.Number }
>;

function numberValue(option: NumericOption, random: Random, limits: boolean): number {
  const integer = option.type === OptionType.Integer;
  const min = option.min_value ?? -MAX_SAFE;
  const max = option.max_value ?? MAX_SAFE;
  if (limits) {
    return pick(
      random,
      [min, max, min - 1, max + 1, MAX_SAFE, -MAX_SAFE, 0, -1].filter((value) => Math.abs(value) <= MAX_SAFE),
    );
  }
  const candidates = [
    min,
    max,
    0,
    1,
    2,
    3,
    5,
    10,
    2 ** 31,
    -(2 ** 31) - 1,
    MAX_SAFE,
    -MAX_SAFE,
    Math.floor(random() * 50),
  ];
  if (!integer) candidates.push(0.5, -0.25, 1e-300, 1.7976931348623157e308);
  const inside = candidates.filter((value) => value >= min && value <= max);
  return pick(random, inside.length > 0 ? inside : [min]);
}

/** Any value of an option's type that the simulator can put in a payload, as a hostile client might. */
export function optionValue(
  option: CommandOptionDefinition,
  world: FuzzWorld,
  invokerId: string,
  botId: string,
  random: Random,
): OptionValue {
  const limits = chance(random, 0.15);
  const choices: ReadonlyArray<{ readonly value: string | number }> | undefined =
    "choices" in option ? option.choices : undefined;
  if (choices && choices.length > 0) return pick(random, choices).value;
  switch (option.type) {
    case OptionType.String:
      return stringValue(option, world, random, limits);
    case OptionType.Integer:
    case OptionType.Number:
      return numberValue(option, random, limits);
    case OptionType.Boolean:
      return chance(random, 0.5);
    case OptionType.User:
      return pick(random, [
        ...world.targets,
        ...world.outsiders,
        ...Object.values(world.invokers),
        invokerId,
        botId,
      ]);
    case OptionType.Role:
      return pick(random, world.roleIds);
    case OptionType.Channel:
      return channelValue(option, world, random, limits);
    case OptionType.Mentionable:
      return pick(random, [...world.targets, ...world.roleIds]);
    case OptionType.Attachment:
      return pick(random, [...world.uploads, ...world.attachmentIds]);
    default:
      throw new Error(`the fuzz run cannot fill option type ${option.type} (${option.name})`);
  }
}

function channelValue(
  option: Extract<CommandOptionDefinition, { readonly type: OptionType.Channel }>,
  world: FuzzWorld,
  random: Random,
  limits: boolean,
): string {
  const all = Object.values(world.channels);
  const allowed = option.channel_types;
  if (limits || !allowed || allowed.length === 0) return pick(random, all);
  const byKind: Record<keyof FuzzWorld["channels"], ChannelType> = {
    text: ChannelType.GuildText,
    modLog: ChannelType.GuildText,
    announcement: ChannelType.GuildAnnouncement,
    voice: ChannelType.GuildVoice,
    category: ChannelType.GuildCategory,
  };
  const fitting = (Object.keys(world.channels) as Array<keyof FuzzWorld["channels"]>)
    .filter((kind) => (allowed as readonly ChannelType[]).includes(byKind[kind]))
    .map((kind) => world.channels[kind]);
  return pick(random, fitting.length > 0 ? fitting : all);
}

/** What a member types into an autocompleting option (always a string, whatever the option's type). */
export function focusedValue(option: CommandOptionDefinition, world: FuzzWorld, random: Random): string {
  if (chance(random, 0.5)) return hostileText(world, random);
  if (option.type === OptionType.Integer || option.type === OptionType.Number)
    return pick(random, ["", "1", "12", "-1", "abc", "1e5", "9007199254740993", "0x10", "  3  "]);
  return pick(random, ["", "r", "ru", "rules", "FAQ", "%", "_", "\\", "a".repeat(100)]);
}
