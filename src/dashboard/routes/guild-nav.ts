import type { Translator } from "../../i18n/translator";

/** The links between a guild's pages, the current one marked. */
export function guildNav(t: Translator, guildId: string, current: "cases" | "reports" | "appeals" | null) {
  const page = (key: "cases" | "reports" | "appeals", label: string) => ({
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
    ],
  };
}
