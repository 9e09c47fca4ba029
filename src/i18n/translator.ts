import { createInstance, type i18n } from "i18next";
import ICU from "i18next-icu";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";
import { MESSAGES, type MessageId } from "./resources";

export type MessageValue = string | number | Date | null | undefined;
export type MessageValues = Readonly<Record<string, MessageValue>>;

/** A message and what fills its placeholders: what domain code returns or throws instead of text. */
export interface Message {
  readonly id: MessageId;
  readonly values?: MessageValues;
}

/** Writes messages, numbers and dates in one language. */
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

function createI18n(): i18n {
  const instance = createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: MESSAGES[locale] }])),
    supportedLngs: [...LOCALES],
    fallbackLng: DEFAULT_LOCALE,
    load: "currentOnly",
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** Built on first use from static resources; every Translator shares it (it holds no per-member state). */
let shared: i18n | undefined;
const translators = new Map<string, Translator>();

/** The translator for a language (cheap: one per language pair, kept); commands named as `commandLocale` shows them. */
export function translator(locale: Locale, commandLocale: Locale = locale): Translator {
  const key = `${locale}/${commandLocale}`;
  const existing = translators.get(key);
  if (existing) return existing;
  shared ??= createI18n();
  const fixed = shared.getFixedT(locale);
  const numbers = new Intl.NumberFormat(locale);
  const lists = new Intl.ListFormat(locale, { type: "conjunction" });
  const made: Translator = {
    locale,
    commandLocale,
    t: (id, values) => fixed(id, values as Record<string, unknown> | undefined),
    render: (message) => fixed(message.id, message.values as Record<string, unknown> | undefined),
    number: (value) => numbers.format(value),
    list: (items) => lists.format(items),
  };
  translators.set(key, made);
  return made;
}
