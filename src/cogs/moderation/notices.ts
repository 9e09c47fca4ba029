import { formatDuration } from "../../bot/duration";
import { shorten } from "../../bot/shorten";
import { CaseType, type Case } from "../../entities";
import { MAX_SETTLE_NOTE_LENGTH } from "../../entities/case";
import { UserError } from "../../errors/user-error";
import type { MessageId } from "../../i18n/resources";
import type { Message, MessageValues, Translator } from "../../i18n/translator";
import { lifetimeMs } from "../cases/case-embed";
import type { ActionOutcome } from "./moderation-actions";

/** Discord's limit on an audit-log reason; the case keeps the reason in full. */
export const AUDIT_REASON_LIMIT = 512;

/** A case's kind as its wording tells it: a ban that ends is a tempban, a restriction that ends a temprestrict. */
type Wording = CaseType | "tempban" | "temprestrict";

function wordingOf(kase: Case): Wording {
  if (kase.type === CaseType.Ban && kase.expiresAt) return "tempban";
  return kase.type === CaseType.Restrict && kase.expiresAt ? "temprestrict" : kase.type;
}

/** What the member is told by DM before the action; actions missing here are not told. */
const DIRECT_MESSAGES: Partial<Record<Wording, MessageId>> = {
  [CaseType.Warn]: "moderation.dm_warn",
  [CaseType.Timeout]: "moderation.dm_timeout",
  [CaseType.Kick]: "moderation.dm_kick",
  [CaseType.Ban]: "moderation.dm_ban",
  tempban: "moderation.dm_tempban",
  [CaseType.Softban]: "moderation.dm_softban",
  [CaseType.Restrict]: "moderation.dm_restrict",
  temprestrict: "moderation.dm_temprestrict",
};

const CONFIRMATIONS = {
  [CaseType.Warn]: "moderation.confirm_warn",
  [CaseType.Note]: "moderation.confirm_note",
  [CaseType.Timeout]: "moderation.confirm_timeout",
  [CaseType.Untimeout]: "moderation.confirm_untimeout",
  [CaseType.Kick]: "moderation.confirm_kick",
  [CaseType.Ban]: "moderation.confirm_ban",
  tempban: "moderation.confirm_tempban",
  [CaseType.Unban]: "moderation.confirm_unban",
  [CaseType.Softban]: "moderation.confirm_softban",
  [CaseType.Restrict]: "moderation.confirm_restrict",
  temprestrict: "moderation.confirm_temprestrict",
  [CaseType.Unrestrict]: "moderation.confirm_unrestrict",
} as const satisfies Record<Wording, MessageId>;

/** What was done, without the case number (for answers where the case is not recorded yet). */
const DONE = {
  [CaseType.Warn]: "moderation.done_warn",
  [CaseType.Note]: "moderation.done_note",
  [CaseType.Timeout]: "moderation.done_timeout",
  [CaseType.Untimeout]: "moderation.done_untimeout",
  [CaseType.Kick]: "moderation.done_kick",
  [CaseType.Ban]: "moderation.done_ban",
  tempban: "moderation.done_tempban",
  [CaseType.Unban]: "moderation.done_unban",
  [CaseType.Softban]: "moderation.done_softban",
  [CaseType.Restrict]: "moderation.done_restrict",
  temprestrict: "moderation.done_temprestrict",
  [CaseType.Unrestrict]: "moderation.done_unrestrict",
} as const satisfies Record<Wording, MessageId>;

function reasonOf(kase: Case, t: Translator): string {
  return kase.reason ?? t.t("moderation.no_reason");
}

/** What every wording of a case may mention. */
function valuesOf(kase: Case, t: Translator, extra: MessageValues): MessageValues {
  return {
    number: kase.number,
    duration: formatDuration(lifetimeMs(kase)),
    reason: reasonOf(kase, t),
    ...extra,
  };
}

/** The audit-log reason, in the guild's language. */
export function auditReason(kase: Case, moderatorName: string, t: Translator): string {
  const text = t.t("moderation.audit_reason", valuesOf(kase, t, { moderator: moderatorName }));
  return shorten(text, AUDIT_REASON_LIMIT);
}

/** The direct message a member gets before the action, or null for actions they are not told about. */
export function directMessage(kase: Case, guildName: string, t: Translator): string | null {
  const id = DIRECT_MESSAGES[wordingOf(kase)];
  if (!id) return null;
  return shorten(t.t(id, valuesOf(kase, t, { guild: guildName })), 2000);
}

/** The moderator's confirmation. */
export function confirmation(kase: Case, targetName: string, t: Translator): string {
  return t.t(CONFIRMATIONS[wordingOf(kase)], valuesOf(kase, t, { target: targetName }));
}

/** The action happened but its case could not be confirmed yet; a background retry will. */
function unrecordedConfirmation(kase: Case, targetName: string, outage: boolean, t: Translator): string {
  const done = t.t(DONE[wordingOf(kase)], valuesOf(kase, t, { target: targetName }));
  const id = outage ? "moderation.unrecorded_outage" : "moderation.unrecorded_failed";
  return t.t(id, { done, number: kase.number });
}

/** The moderator's answer to an action that was carried out, in their language. */
export function outcomeText(
  outcome: Exclude<ActionOutcome, { repeatOf: Case }>,
  targetName: string,
  t: Translator,
): string {
  const done = outcome.unrecorded
    ? unrecordedConfirmation(outcome.kase, targetName, outcome.unrecorded.outage, t)
    : confirmation(outcome.kase, targetName, t);
  const note = outcome.note ? t.t(outcome.note) : null;
  const unreachable = outcome.dmDelivered === false ? t.t("moderation.dm_failed") : null;
  return [done, note, unreachable].filter((part) => part !== null).join(" ");
}

/** Discord neither answered nor let its state be read: the case stays pending for the reconciler. */
export function unsettledAction(kase: Case): UserError {
  return new UserError("moderation.unsettled", { number: kase.number });
}

/** The answer to a retry (or a second moderator) repeating an action just taken. */
export function repeatedAction(earlier: Case, targetName: string): UserError {
  return new UserError("moderation.repeated", {
    target: targetName,
    type: earlier.type,
    number: earlier.number,
  });
}

/** Stored on a tempban that could not be lifted (in the guild's language). */
export function notLiftedNote(reason: Message, t: Translator): string {
  return t.t("moderation.not_lifted_note", { reason: t.render(reason) }).slice(0, MAX_SETTLE_NOTE_LENGTH);
}

/** The mod-log line saying a tempban could not be lifted. */
export function liftRefusedLine(ban: Case, reason: Message, t: Translator): string {
  return t.t("moderation.lift_refused", {
    target: `<@${ban.targetId}>`,
    number: ban.number,
    reason: t.render(reason),
  });
}

/** Stored on a pending case whose outcome Discord would not tell; the case stands. */
export function unverifiedNote(reason: Message, t: Translator): string {
  return t.t("moderation.unverified_note", { reason: t.render(reason) }).slice(0, MAX_SETTLE_NOTE_LENGTH);
}
