import { ApplicationCommandOptionType } from "discord-api-types/v10";
import type { ChatInputCommandDefinition } from "../bot/commands/definition";
import { COMMAND_TEXT } from "./command-resources";
import { DISCORD_LOCALES, type Locale } from "./locales";

type Translated = Exclude<Locale, "en">;
type Loose = Readonly<Record<string, unknown>>;

/** One piece of a command a translator writes: its key and where it goes. */
export interface CommandTextKey {
  readonly key: string;
  /** A name (`/balance`, an option) rather than a description or a choice's label. */
  readonly kind: "name" | "description" | "choice";
}

function list(value: unknown): readonly Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : [];
}

const isBranch = (option: Loose): boolean =>
  option.type === ApplicationCommandOptionType.Subcommand ||
  option.type === ApplicationCommandOptionType.SubcommandGroup;

/**
 * The keys of every name, description and choice a definition carries, e.g. `economy.add.name`,
 * `economy.add.options.amount.description`, `stats.options.period.choices.week`.
 */
export function commandTextKeys(definition: ChatInputCommandDefinition): CommandTextKey[] {
  const keys: CommandTextKey[] = [];
  const visit = (node: Loose, path: string): void => {
    keys.push({ key: `${path}.name`, kind: "name" }, { key: `${path}.description`, kind: "description" });
    for (const option of list(node.options)) {
      const name = String(option.name);
      const at = isBranch(option) ? `${path}.${name}` : `${path}.options.${name}`;
      visit(option, at);
      for (const choice of list(option.choices)) {
        keys.push({ key: `${at}.choices.${String(choice.value)}`, kind: "choice" });
      }
    }
  };
  visit(definition as unknown as Loose, definition.name);
  return keys;
}

function localisations(key: string): Record<string, string> | undefined {
  const entries = (Object.keys(DISCORD_LOCALES) as Translated[]).flatMap((locale) => {
    const text = COMMAND_TEXT[locale][key];
    return text === undefined ? [] : DISCORD_LOCALES[locale].map((code) => [code, text] as const);
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The definition as Discord should receive it: every name, description and choice carries Discord's
 * `name_localizations` / `description_localizations` from the command text files. English stays the
 * definition's own.
 */
export function localisedDefinition(definition: ChatInputCommandDefinition): ChatInputCommandDefinition {
  const localise = (node: Loose, path: string): Loose => {
    const options = list(node.options).map((option) => {
      const name = String(option.name);
      const at = isBranch(option) ? `${path}.${name}` : `${path}.options.${name}`;
      const localised = localise(option, at);
      const choices = list(option.choices).map((choice) => {
        const names = localisations(`${at}.choices.${String(choice.value)}`);
        return names ? { ...choice, name_localizations: names } : choice;
      });
      return choices.length > 0 ? { ...localised, choices } : localised;
    });
    const names = localisations(`${path}.name`);
    const descriptions = localisations(`${path}.description`);
    return {
      ...node,
      ...(names ? { name_localizations: names } : {}),
      ...(descriptions ? { description_localizations: descriptions } : {}),
      ...(options.length > 0 ? { options } : {}),
    };
  };
  return localise(definition as unknown as Loose, definition.name) as unknown as ChatInputCommandDefinition;
}

/** How a member sees a command in their language: `/cases`, `/fälle`, `/case show` → `/fall anzeigen`. */
export function commandMention(locale: Locale, path: readonly string[]): string {
  if (locale === "en") return `/${path.join(" ")}`;
  const text = COMMAND_TEXT[locale];
  const names = path.map((name, index) => text[`${path.slice(0, index + 1).join(".")}.name`] ?? name);
  return `/${names.join(" ")}`;
}

/** An option's name as a member sees it in their language (`duration` → `dauer`), for refusals naming it. */
export function optionName(locale: Locale, path: readonly string[], option: string): string {
  if (locale === "en") return option;
  return COMMAND_TEXT[locale][`${path.join(".")}.options.${option}.name`] ?? option;
}
