import type { Translator } from "../../i18n/translator";

export type GuildPage = "cases" | "stats" | "settings";

/** The links between a guild's pages; the current one is marked for screen readers. */
/** Settings are linked only for the owner and Administrators (the only ones they open for). */
export function guildNav(t: Translator, guildId: string, current: GuildPage, administrator: boolean) {
  const pages: Array<{ page: GuildPage; label: string }> = [
    { page: "cases", label: t.t("dashboard.nav_cases") },
    { page: "stats", label: t.t("dashboard.nav_stats") },
    ...(administrator ? [{ page: "settings" as const, label: t.t("dashboard.nav_settings") }] : []),
  ];
  return {
    back: { href: "/guilds", label: t.t("dashboard.back_to_guilds") },
    links: pages.map(({ page, label }) => ({
      href: `/guilds/${guildId}/${page}`,
      label,
      current: page === current,
    })),
  };
}
