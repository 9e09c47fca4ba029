import type { MessageFormatElement, TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat, type Formatters } from "intl-messageformat";

export type MessageValue = string | number | null | undefined;
export type MessageValues = Readonly<Record<string, MessageValue>>;

/** Fills a compiled message; throws when a value it needs was not given. */
export type FillMessage = (values: MessageValues | undefined) => string;

const LITERAL = 0 as TYPE.literal;
const ARGUMENT = 1 as TYPE.argument;
const NUMBER = 2 as TYPE.number;

type Cache<F> = Map<string, Map<unknown, F>>;

function once<F>(cache: Cache<F>, locales: Intl.LocalesArgument, key: unknown, make: () => F): F {
  const language = String(locales);
  let byKey = cache.get(language);
  if (!byKey) cache.set(language, (byKey = new Map()));
  let made = byKey.get(key);
  if (made === undefined) byKey.set(key, (made = make()));
  return made;
}

const numberFormats: Cache<Intl.NumberFormat> = new Map();
const dateTimeFormats: Cache<Intl.DateTimeFormat> = new Map();
const pluralRules: Cache<Intl.PluralRules> = new Map();

/**
 * Intl formatters made once per language and style, shared by every message. FormatJS's default keeps a
 * memo per message keyed by its arguments serialised to JSON on every call: a few µs per number in a reply.
 * Styles come from the parsed message (the same object every time), so they key by identity; plural rules
 * are asked for with a fresh `{ type }` each time, so they key by that type.
 */
const FORMATTERS: Formatters = {
  getNumberFormat: (locales, options) =>
    once(
      numberFormats,
      locales,
      options,
      () => new Intl.NumberFormat(locales, options as Intl.NumberFormatOptions),
    ),
  getDateTimeFormat: (locales, options) =>
    once(dateTimeFormats, locales, options, () => new Intl.DateTimeFormat(locales, options)),
  getPluralRules: (locales, options) => {
    const plain = options === undefined || Object.keys(options).every((name) => name === "type");
    if (!plain) return new Intl.PluralRules(locales, options);
    return once(pluralRules, locales, options?.type, () => new Intl.PluralRules(locales, options));
  },
};

/**
 * True when the language writes every whole number from 0 to 999 as plain ASCII digits, as `String` does
 * (no grouping below a thousand, no other digits): most numbers in replies are small, and `Intl` costs
 * microseconds each.
 */
function plainBelowThousand(numbers: Intl.NumberFormat): boolean {
  return [0, 7, 42, 999].every((value) => numbers.format(value) === String(value));
}

type Piece = string | { readonly name: string; readonly number: boolean };

/** The pieces of a message made only of text, plain placeholders and unstyled numbers; else undefined. */
function piecesOf(ast: readonly MessageFormatElement[]): Piece[] | undefined {
  const pieces: Piece[] = [];
  for (const element of ast) {
    if (element.type === LITERAL) pieces.push(element.value);
    else if (element.type === ARGUMENT) pieces.push({ name: element.value, number: false });
    else if (element.type === NUMBER && !element.style) pieces.push({ name: element.value, number: true });
    else return undefined;
  }
  return pieces;
}

/**
 * An ICU message (FormatJS) compiled for one language. Most messages are text with placeholders: those are
 * filled by concatenation, exactly as FormatJS fills them (a plain placeholder shows a string or a number
 * as is and anything else as nothing; `{n, number}` goes through the language's number format). Plurals,
 * selects, styles and dates go through FormatJS itself.
 */
export function compileMessage(source: string, locale: string): FillMessage {
  // Discord's own markup (<@id>, <t:…:R>) is text, not an XML tag to fill.
  const message = new IntlMessageFormat(source, locale, undefined, {
    ignoreTag: true,
    formatters: FORMATTERS,
  });
  const pieces = piecesOf(message.getAst());
  if (!pieces) {
    return (values) => {
      const text = message.format(values as Record<string, string | number> | undefined);
      return typeof text === "string" ? text : String(text);
    };
  }
  const numbers = FORMATTERS.getNumberFormat(locale);
  const formatNumber = plainBelowThousand(numbers)
    ? (value: number): string =>
        Number.isInteger(value) && value >= 0 && value < 1000 ? String(value) : numbers.format(value)
    : (value: number): string => numbers.format(value);
  return (values) => {
    let text = "";
    for (const piece of pieces) {
      if (typeof piece === "string") {
        text += piece;
        continue;
      }
      if (!values || !(piece.name in values)) throw new Error(`no value for {${piece.name}} in "${source}"`);
      const value = values[piece.name];
      if (piece.number) text += formatNumber(value as number);
      else text += typeof value === "string" || typeof value === "number" ? String(value) : "";
    }
    return text;
  };
}
