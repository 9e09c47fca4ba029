import type { InviteRanking } from "../../controllers/member-join-controller";
import type { Translator } from "../../i18n/translator";
import { periodLabel, type StatsPeriod } from "../stats/period";

/** The `/invites top` answer; inviters are mentions that ping nobody. */
export function invitesReport(t: Translator, ranking: InviteRanking, period: StatsPeriod): string {
  const heading = t.t("invites.heading", { period: periodLabel(t, period) });
  if (ranking.topInvites.length === 0 && ranking.unknown === 0) return t.t("invites.none", { heading });
  const invites = ranking.topInvites.map((entry) => {
    const inviter = entry.inviterId ? `<@${entry.inviterId}>` : t.t("invites.no_inviter");
    return `${entry.code} (${inviter}) ${t.number(entry.joins)}`;
  });
  const inviters = ranking.topInviters.map((entry) => `<@${entry.inviterId}> ${t.number(entry.joins)}`);
  const listed = (entries: string[]): string => entries.join(", ") || t.t("invites.nothing_listed");
  return t.t("invites.report", {
    heading,
    invites: listed(invites),
    inviters: listed(inviters),
    unknown: ranking.unknown,
  });
}
