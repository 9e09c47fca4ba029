import { CaseType, type Case } from "../entities";
import { UserError } from "../errors/user-error";
import type { CaseChange } from "./case-changes";

/** Discord's longest timeout (28 days). */
const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

/** Whether the case is a punishment that ends: a tempban, a timeout or a restriction. */
function ends(kase: Case): boolean {
  if (kase.type === CaseType.Ban) return kase.expiresAt !== null;
  return kase.type === CaseType.Timeout || kase.type === CaseType.Restrict;
}

/**
 * `/case duration`: the case's end moves to `lastsMs` from now, checked against the locked row. The row
 * lock keeps the expiry job out: its claim skips locked rows, and a case it holds (being lifted right now)
 * is refused, so the old end never fires after the change and the new one fires once.
 */
export function expiryChange(
  guildId: string,
  number: number,
  editorId: string,
  lastsMs: number,
  now = new Date(),
): CaseChange {
  return {
    guildId,
    number,
    editorId,
    field: "expiresAt",
    changes: { expiresAt: new Date(now.getTime() + lastsMs), attempts: 0, nextAttemptAt: null },
    refuse: (before) => {
      if (before.voided) return new UserError("cases.duration_deleted", { number });
      if (!ends(before)) return new UserError("cases.duration_wrong_type", { number });
      const over = before.expiresAt !== null && before.expiresAt <= now;
      if (before.processed || before.pending || over)
        return new UserError("cases.duration_not_active", { number });
      if (before.claimedUntil !== null && before.claimedUntil > now) {
        return new UserError("cases.duration_ending_now", { number });
      }
      if (before.type === CaseType.Timeout && lastsMs > MAX_TIMEOUT_MS) {
        return new UserError("cases.duration_timeout_limit", { number });
      }
      return undefined;
    },
  };
}
