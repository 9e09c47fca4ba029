import type { Cog } from "../../../src/bot/cog";
import { menuDefinitions } from "../../../src/bot/commands/sync";
import { COGS } from "../../../src/cogs";
import { loadConfig } from "../../../src/config";
import { buildContainer } from "../../../src/container";
import { MENU_TEXT } from "../../../src/i18n/menu-text";
import { createLogger } from "../../../src/logger";

const config = loadConfig({ DISCORD_TOKEN: "menu-text", LOG_LEVEL: "silent", HEALTH_PORT: "0" });
const container = buildContainer(config, createLogger("silent"));
const menus = menuDefinitions(COGS.map((cog) => container.resolve<Cog>(cog)));

describe.each(Object.entries(MENU_TEXT))("context-menu names in %s", (locale, text) => {
  it("name every menu, and nothing else", () => {
    const names = menus.map((menu) => menu.name);
    expect(names.filter((name) => text[name] === undefined)).toEqual([]);
    expect(Object.keys(text).filter((name) => !names.includes(name))).toEqual([]);
  });

  it("are 1 to 32 characters and unique among menus of one kind", () => {
    for (const type of new Set(menus.map((menu) => menu.type))) {
      const localised = menus.filter((menu) => menu.type === type).map((menu) => text[menu.name] ?? "");
      expect(localised.filter((name) => name.length < 1 || name.length > 32)).toEqual([]);
      expect(new Set(localised).size).toBe(localised.length);
    }
  });

  it("reach Discord as name_localizations", () => {
    const codes = locale === "de" ? ["de"] : ["es-ES", "es-419"];
    for (const menu of menus) {
      for (const code of codes) expect(menu.name_localizations?.[code as "de"]).toBe(text[menu.name]);
    }
  });
});
