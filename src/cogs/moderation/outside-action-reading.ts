import { AuditLogEvent, type GuildAuditLogsEntry } from "discord.js";
import { CaseType } from "../../entities";
import type { MessageId } from "../../i18n/resources";

/** What an audit-log entry says was done to a member outside Warden, as a case would record it. */
export interface OutsideAction {
  type: CaseType.Kick | CaseType.Timeout | CaseType.Untimeout | CaseType.Unban;
  targetId: string;
  /** Null when the entry names nobody (then the bot stands in, as for bans). */
  executorId: string | null;
  reason: string | null;
  /** The reason recorded when the moderator gave none. */
  defaultReason: MessageId;
  /** When a timeout ends. */
  expiresAt?: Date;
  closes?: CaseType.Ban | CaseType.Timeout;
}

/** The part of an audit-log entry this reads (discord.js's entry has it all). */
export type AuditEntry = Pick<
  GuildAuditLogsEntry,
  "id" | "action" | "executorId" | "targetId" | "reason" | "changes" | "createdTimestamp"
>;

/**
 * Kicks, timeouts (given, changed, lifted) and unbans, from the audit-log entry Discord sends as they
 * happen; anything else (including AutoMod's own entries, recorded from its execution events) is null.
 */
export function readOutsideAction(entry: AuditEntry): OutsideAction | null {
  const { targetId, executorId, reason } = entry;
  if (!targetId) return null;
  const who = { targetId, executorId, reason };
  switch (entry.action) {
    case AuditLogEvent.MemberKick:
      return { ...who, type: CaseType.Kick, defaultReason: "moderation.outside_kick_reason" };
    case AuditLogEvent.MemberBanRemove:
      return {
        ...who,
        type: CaseType.Unban,
        defaultReason: "moderation.outside_unban_reason",
        closes: CaseType.Ban,
      };
    case AuditLogEvent.MemberUpdate:
      return readTimeout(entry, who);
    default:
      return null;
  }
}

function readTimeout(
  entry: AuditEntry,
  who: Pick<OutsideAction, "targetId" | "executorId" | "reason">,
): OutsideAction | null {
  const change = entry.changes.find((candidate) => candidate.key === "communication_disabled_until");
  if (!change) return null;
  const at = entry.createdTimestamp;
  const until = (value: unknown): Date | null => {
    if (typeof value !== "string") return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) || date.getTime() <= at ? null : date;
  };
  const before = until(change.old);
  const after = until(change.new);
  if (after) {
    return {
      ...who,
      type: CaseType.Timeout,
      defaultReason: before
        ? "moderation.outside_timeout_changed_reason"
        : "moderation.outside_timeout_reason",
      expiresAt: after,
      closes: CaseType.Timeout,
    };
  }
  // Clearing a timeout that had already run out changes nothing for the member.
  if (!before) return null;
  return {
    ...who,
    type: CaseType.Untimeout,
    defaultReason: "moderation.outside_untimeout_reason",
    closes: CaseType.Timeout,
  };
}
