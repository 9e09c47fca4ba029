import type { ActiveMember } from "../../controllers/activity-controller";
import type { StatsPeriod } from "../../controllers/stats-period";
import { PERIOD_LABELS } from "../stats/usage-report";

const messages = (count: number): string =>
  `${count.toLocaleString("en-US")} message${count === 1 ? "" : "s"}`;

/** `/activity top`: one ranked line per member, mentioned (never pinged). */
export function topLines(members: readonly ActiveMember[], period: StatsPeriod): string {
  const when = PERIOD_LABELS[period];
  if (members.length === 0) return `No messages counted here (${when}).`;
  const ranked = members.map(
    (member, index) => `${index + 1}. <@${member.userId}> ${messages(member.messages)}`,
  );
  return [`Most active members (${when}):`, ...ranked].join("\n");
}
