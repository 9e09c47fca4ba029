/** The languages Warden answers in; `en` is complete by construction and the fallback for every other. */
export const LOCALES = ["en", "de", "es-ES"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Discord's locale codes each language serves, for command localisations (en is the definitions' own). */
export const DISCORD_LOCALES = {
  de: ["de"],
  "es-ES": ["es-ES", "es-419"],
} as const satisfies Record<Exclude<Locale, "en">, readonly string[]>;

/** The language names members pick from (`/preferences language`), each in its own language. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  de: "Deutsch",
  "es-ES": "Español",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language serving a Discord locale code (`en-GB`, `es-419`, …), or null when Warden has none. */
export function localeFromDiscord(code: string | null | undefined): Locale | null {
  if (!code) return null;
  if (code.startsWith("en")) return "en";
  if (code === "de") return "de";
  if (code.startsWith("es")) return "es-ES";
  return null;
}

/** The first choice that Warden speaks: a member's preference, their client, the guild, else English. */
export function chooseLocale(...choices: readonly (string | null | undefined)[]): Locale {
  for (const choice of choices) {
    const locale = isLocale(choice) ? choice : localeFromDiscord(choice);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
