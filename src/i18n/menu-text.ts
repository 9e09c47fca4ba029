import type { MenuDefinition } from "../bot/commands/menu";
import menusDe from "./locales/de/commands/menus.json";
import menusEs from "./locales/es-ES/commands/menus.json";
import { DISCORD_LOCALES, type Locale } from "./locales";

type Translated = Exclude<Locale, "en">;

/**
 * Context-menu names in each language besides English (the definitions' own), keyed by the English name.
 * Menus have no description; their names may hold capitals and spaces ("Add as evidence to a case").
 * Checked by test/unit/i18n/menu-text.test.ts.
 */
export const MENU_TEXT: Readonly<Record<Translated, Readonly<Record<string, string>>>> = {
  de: menusDe,
  "es-ES": menusEs,
};

/** The definition as Discord should receive it, with `name_localizations` from the menu text files. */
export function localisedMenu(definition: MenuDefinition): MenuDefinition {
  const entries = (Object.keys(DISCORD_LOCALES) as Translated[]).flatMap((locale) => {
    const text = MENU_TEXT[locale][definition.name];
    return text === undefined ? [] : DISCORD_LOCALES[locale].map((code) => [code, text] as const);
  });
  return entries.length > 0 ? { ...definition, name_localizations: Object.fromEntries(entries) } : definition;
}
