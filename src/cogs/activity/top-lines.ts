import type { ActiveMember } from "../../controllers/activity-controller";
import { periodLabel, type StatsPeriod } from "../stats/period";
import type { Translator } from "../../i18n/translator";

/** `/activity top`: one ranked line per member, mentioned (never pinged). */
export function topLines(t: Translator, members: readonly ActiveMember[], period: StatsPeriod): string {
  const when = periodLabel(t, period);
  if (members.length === 0) return t.t("activity.top_none", { period: when });
  const ranked = members.map((member, index) =>
    t.t("activity.top_line", { rank: index + 1, member: `<@${member.userId}>`, count: member.messages }),
  );
  return [t.t("activity.top_heading", { period: when }), ...ranked].join("\n");
}
