import { Locale } from "discord-api-types/v10";

const KNOWN_LOCALES = new Set<string>(Object.values(Locale));

function isLocale(value: string): value is Locale {
  return KNOWN_LOCALES.has(value);
}

/** Narrows a locale string ("en-US", "fr", ...) to discord-api-types' Locale; unknown ones throw. */
export function toLocale(value: string): Locale {
  if (!isLocale(value)) throw new Error(`unknown Discord locale "${value}"`);
  return value;
}
