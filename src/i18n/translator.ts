import { compileMessage, type FillMessage, type MessageValues } from "./compiled-message";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { MESSAGES, type MessageId } from "./resources";

export type { MessageValue, MessageValues } from "./compiled-message";

/** A message and what fills its placeholders: what domain code returns or throws instead of text. */
export interface Message {
  readonly id: MessageId;
  readonly values?: MessageValues;
}

/** Writes messages, numbers and lists in one language. */
export interface Translator {
  readonly locale: Locale;
  /**
   * The language the reader's Discord client shows command names in (their client's, which may differ from
   * the one they chose for Warden's answers); refusals name commands and options in it.
   */
  readonly commandLocale: Locale;
  t(id: MessageId, values?: MessageValues): string;
  /** A message carried as a value (a result's or an error's). */
  render(message: Message): string;
  number(value: number): string;
  /** "a, b and c" in this language. */
  list(items: readonly string[]): string;
}

/**
 * One language's messages, each compiled once (ICU MessageFormat, by FormatJS) on first use: formatting a
 * compiled message costs under a microsecond, against some fifteen through a full i18n framework.
 * A message missing in this language (the locale tests allow none) falls back to English.
 */
class CompiledMessages {
  private readonly compiled = new Map<string, FillMessage>();

  constructor(private readonly locale: Locale) {}

  format(id: MessageId, values: MessageValues | undefined): string {
    let fill = this.compiled.get(id);
    if (!fill) {
      const own = MESSAGES[this.locale][id];
      const source = own ?? MESSAGES[DEFAULT_LOCALE][id];
      if (source === undefined) return id;
      fill = compileMessage(source, own === undefined ? DEFAULT_LOCALE : this.locale);
      this.compiled.set(id, fill);
    }
    try {
      return fill(values);
    } catch {
      // A value the message needs was not given (a bug): the reply shows the identifier, never a crash.
      return id;
    }
  }
}

const messages = new Map<Locale, CompiledMessages>();
/** By language, then by the language commands are named in: no key string to build per interaction. */
const translators = new Map<Locale, Map<Locale, Translator>>();

/** The translator for a language (cheap: one per language pair, kept); commands named as `commandLocale` shows them. */
export function translator(locale: Locale, commandLocale: Locale = locale): Translator {
  let pairs = translators.get(locale);
  if (!pairs) translators.set(locale, (pairs = new Map()));
  const existing = pairs.get(commandLocale);
  if (existing) return existing;
  let compiled = messages.get(locale);
  if (!compiled) {
    compiled = new CompiledMessages(locale);
    messages.set(locale, compiled);
  }
  const own = compiled;
  const numbers = new Intl.NumberFormat(locale);
  const lists = new Intl.ListFormat(locale, { type: "conjunction" });
  const made: Translator = {
    locale,
    commandLocale,
    t: (id, values) => own.format(id, values),
    render: (message) => own.format(message.id, message.values),
    number: (value) => numbers.format(value),
    list: (items) => lists.format(items),
  };
  pairs.set(commandLocale, made);
  return made;
}
