import type { ActivityDelta } from "../../controllers/activity-controller";
import type { MemberActivity } from "../../entities";

/** "N messages, last seen <relative time>", counting what is still in memory too. */
export function activityLine(stored: MemberActivity | null, pending: ActivityDelta | undefined): string {
  const count = Number(stored?.messageCount ?? 0) + (pending?.messages ?? 0);
  const lastSeen = latest(stored?.lastSeenAt, pending?.lastSeenAt);
  if (count === 0 || !lastSeen) return "no messages seen.";
  const seconds = Math.floor(lastSeen.getTime() / 1000);
  return `${count} message${count === 1 ? "" : "s"}, last seen <t:${seconds}:R>.`;
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
