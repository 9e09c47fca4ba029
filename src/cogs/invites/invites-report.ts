import type { InviteRanking } from "../../controllers/member-join-controller";
import type { StatsPeriod } from "../../controllers/stats-period";
import { PERIOD_LABELS } from "../stats/usage-report";

/** The `/invites top` answer; inviters are mentions that ping nobody. */
export function invitesReport(ranking: InviteRanking, period: StatsPeriod): string {
  const heading = `Joins through invites, ${PERIOD_LABELS[period]}`;
  if (ranking.topInvites.length === 0 && ranking.unknown === 0) return `${heading}: none recorded.`;
  const invites = ranking.topInvites.map(
    (entry) => `${entry.code} (${entry.inviterId ? `<@${entry.inviterId}>` : "no inviter"}) ${entry.joins}`,
  );
  const inviters = ranking.topInviters.map((entry) => `<@${entry.inviterId}> ${entry.joins}`);
  return [
    `${heading}:`,
    `Top invites: ${invites.join(", ") || "none"}`,
    `Top inviters: ${inviters.join(", ") || "none"}`,
    `Unknown invite: ${ranking.unknown}`,
  ].join("\n");
}
