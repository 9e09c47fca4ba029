import type { ActiveMember } from "../../controllers/activity-controller";
import type { StatsPeriod } from "../../controllers/stats-period";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";

/** The period's name; /stats will own these once the period concept lives in one place. */
const PERIOD_NAMES = {
  "24h": "activity.period_24h",
  "7d": "activity.period_7d",
  "30d": "activity.period_30d",
  all: "activity.period_all",
} as const satisfies Record<StatsPeriod, MessageId>;

/** `/activity top`: one ranked line per member, mentioned (never pinged). */
export function topLines(t: Translator, members: readonly ActiveMember[], period: StatsPeriod): string {
  const when = t.t(PERIOD_NAMES[period]);
  if (members.length === 0) return t.t("activity.top_none", { period: when });
  const ranked = members.map((member, index) =>
    t.t("activity.top_line", { rank: index + 1, member: `<@${member.userId}>`, count: member.messages }),
  );
  return [t.t("activity.top_heading", { period: when }), ...ranked].join("\n");
}
