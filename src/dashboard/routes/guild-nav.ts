import type { Translator } from "../../i18n/translator";
import { allows, type GuildAccess } from "../auth/moderator-access";
import { STATS_PERMISSIONS } from "./stats-access";

type GuildPage = "cases" | "reports" | "appeals" | "stats" | "settings";

/**
 * The links between a guild's pages, the current one marked. Statistics and settings are linked only for
 * those they open for.
 */
export function guildNav(t: Translator, access: GuildAccess, current: GuildPage | null) {
  const { guildId, administrator } = access;
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
      ...(allows(access, STATS_PERMISSIONS) ? [page("stats", t.t("dashboard.nav_stats"))] : []),
      ...(administrator ? [page("settings", t.t("dashboard.nav_settings"))] : []),
    ],
  };
}
