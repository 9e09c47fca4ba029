import { DEFAULT_LOCALE, localeFromDiscord, type Locale } from "../i18n/locales";

/** The reader's language: the first in the browser's Accept-Language list that Warden speaks, else English. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const tags = (header ?? "")
    .split(",")
    .map((part) => part.split(";")[0]?.trim() ?? "")
    .filter((tag) => tag !== "" && tag !== "*")
    .slice(0, 10);
  for (const tag of tags) {
    const locale = localeFromDiscord(tag) ?? localeFromDiscord(tag.split("-")[0]);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
