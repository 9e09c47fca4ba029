import { ApplicationCommandOptionType as OptionType } from "discord-api-types/v10";
import type { CommandSpec, OptionSpec } from "./parse";

const PLACEHOLDERS: Partial<Record<number, string>> = {
  [OptionType.String]: "<text>",
  [OptionType.Integer]: "<whole number>",
  [OptionType.Number]: "<number>",
  [OptionType.Boolean]: "<true|false>",
  [OptionType.User]: "@member",
  [OptionType.Channel]: "#channel",
  [OptionType.Role]: "@&role",
  [OptionType.Mentionable]: "@member|@&role",
  [OptionType.Attachment]: "<file>",
};

/** One line per way to call a command: `/warn user:@member reason:<text> [duration:<text>]`. */
export function usageLines(spec: CommandSpec): string[] {
  return leaves(`/${spec.name}`, spec.options ?? []);
}

function leaves(path: string, options: readonly OptionSpec[]): string[] {
  const nested = options.filter(
    (option) => option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup,
  );
  if (nested.length > 0)
    return nested.flatMap((option) => leaves(`${path} ${option.name}`, option.options ?? []));
  const args = options.map((option) => {
    const choices = option.choices?.map((choice) => String(choice.value)).join("|");
    const shown = `${option.name}:${choices ?? PLACEHOLDERS[option.type] ?? "<value>"}`;
    return option.required === true ? shown : `[${shown}]`;
  });
  return [[path, ...args].join(" ")];
}
