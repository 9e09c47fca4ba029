import type { Translator } from "../../i18n/translator";

type GuildPage = "cases" | "reports" | "appeals" | "stats" | "settings";

/**
 * The links between a guild's pages, the current one marked. Settings are linked only for the owner and
 * Administrators (the only ones they open for).
 */
export function guildNav(t: Translator, guildId: string, current: GuildPage | null, administrator = false) {
  const page = (key: GuildPage, label: string) => ({
    href: `/guilds/${guildId}/${key}`,
    label,
    current: key === current,
  });
  return {
    label: t.t("dashboard.nav_label"),
    links: [
      page("cases", t.t("dashboard.nav_cases")),
      page("reports", t.t("dashboard.nav_reports")),
      page("appeals", t.t("dashboard.nav_appeals")),
      page("stats", t.t("dashboard.nav_stats")),
      ...(administrator ? [page("settings", t.t("dashboard.nav_settings"))] : []),
    ],
  };
}
