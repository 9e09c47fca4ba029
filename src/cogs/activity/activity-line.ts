import type { ActivityDelta } from "../../controllers/activity-controller";
import type { MemberActivity } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { relativeTime } from "./relative-time";

/** "N messages, last seen <relative time>", counting what is still in memory too. */
export function activityLine(
  t: Translator,
  stored: MemberActivity | null,
  pending: ActivityDelta | undefined,
): string {
  const count = Number(stored?.messageCount ?? 0) + (pending?.messages ?? 0);
  const lastSeen = latest(stored?.lastSeenAt, pending?.lastSeenAt);
  if (count === 0 || !lastSeen) return t.t("activity.line_none");
  return t.t("activity.line", { count, when: relativeTime(lastSeen) });
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
