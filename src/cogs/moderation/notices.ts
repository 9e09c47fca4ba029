import { formatDuration } from "../../bot/duration";
import { shorten } from "../../bot/shorten";
import { CaseType, type Case } from "../../entities";
import { MAX_SETTLE_NOTE_LENGTH } from "../../entities/case";
import { LegacyUserError, UserError } from "../../errors/user-error";
import type { ActionOutcome } from "./moderation-actions";
import { lifetimeMs } from "../cases/case-embed";

/** Discord's limit on an audit-log reason; the case keeps the reason in full. */
export const AUDIT_REASON_LIMIT = 512;

export function auditReason(kase: Case, moderatorName: string): string {
  const text = `${moderatorName} (case #${kase.number}): ${kase.reason ?? "no reason given"}`;
  return shorten(text, AUDIT_REASON_LIMIT);
}

function lasting(kase: Case): string {
  return kase.expiresAt ? ` for ${formatDuration(lifetimeMs(kase))}` : "";
}

/** The direct message a member gets before the action, or null for actions they are not told about. */
export function directMessage(kase: Case, guildName: string): string | null {
  const where = `**${guildName}**`;
  const what: Partial<Record<CaseType, string>> = {
    [CaseType.Warn]: `You have been warned in ${where}`,
    [CaseType.Timeout]: `You have been timed out in ${where}${lasting(kase)}`,
    [CaseType.Kick]: `You have been kicked from ${where}`,
    [CaseType.Ban]: `You have been banned from ${where}${lasting(kase)}`,
    [CaseType.Softban]: `You have been removed from ${where} and your messages of the last day deleted; you may rejoin`,
  };
  const opening = what[kase.type];
  if (!opening) return null;
  return shorten(`${opening} (case #${kase.number}).\nReason: ${kase.reason ?? "no reason given"}`, 2000);
}

/** The moderator's confirmation. */
export function confirmation(kase: Case, targetName: string): string {
  const who = `**${targetName}**`;
  const n = `(case #${kase.number})`;
  switch (kase.type) {
    case CaseType.Warn:
      return `Warned ${who} ${n}.`;
    case CaseType.Note:
      return `Noted on ${who} ${n}; they were not told.`;
    case CaseType.Timeout:
      return `Timed out ${who}${lasting(kase)} ${n}.`;
    case CaseType.Untimeout:
      return `Lifted ${who}'s timeout ${n}.`;
    case CaseType.Kick:
      return `Kicked ${who} ${n}.`;
    case CaseType.Ban:
      return `Banned ${who}${lasting(kase)} ${n}.`;
    case CaseType.Unban:
      return `Unbanned ${who} ${n}.`;
    case CaseType.Softban:
      return `Softbanned ${who} ${n}: their last day of messages is gone and they may rejoin.`;
  }
}

/** What was done, without the case number (for answers where the case is not recorded yet). */
function done(kase: Case, who: string): string {
  switch (kase.type) {
    case CaseType.Warn:
      return `Warned ${who}`;
    case CaseType.Note:
      return `Noted on ${who}`;
    case CaseType.Timeout:
      return `Timed out ${who}${lasting(kase)}`;
    case CaseType.Untimeout:
      return `Lifted ${who}'s timeout`;
    case CaseType.Kick:
      return `Kicked ${who}`;
    case CaseType.Ban:
      return `Banned ${who}${lasting(kase)}`;
    case CaseType.Unban:
      return `Unbanned ${who}`;
    case CaseType.Softban:
      return `Softbanned ${who}`;
  }
}

/** The action happened but its case could not be confirmed yet; a background retry will. */
function unrecordedConfirmation(kase: Case, targetName: string, outage: boolean): string {
  const why = outage ? "The database is unavailable right now" : "Recording it failed for now";
  return `${done(kase, `**${targetName}**`)}. ${why}; case #${kase.number} will be recorded as soon as it is back.`;
}

/** The moderator's answer to an action that was carried out. */
export function outcomeText(outcome: Exclude<ActionOutcome, { repeatOf: Case }>, targetName: string): string {
  const unreachable = outcome.dmDelivered === false ? " I couldn't tell them by DM." : "";
  const note = outcome.note ? ` ${outcome.note}` : "";
  const done = outcome.unrecorded
    ? unrecordedConfirmation(outcome.kase, targetName, outcome.unrecorded.outage)
    : confirmation(outcome.kase, targetName);
  return done + note + unreachable;
}

/** Discord neither answered nor let its state be read: the case stays pending for the reconciler. */
export function unsettledAction(kase: Case): UserError {
  return new LegacyUserError(
    "ActionUnsettled",
    `Discord didn't answer, so I can't tell yet whether that was done; case #${kase.number} will be confirmed or voided from what Discord shows within a few minutes.`,
    { caseNumber: kase.number },
  );
}

const ALREADY: Record<CaseType, string> = {
  [CaseType.Warn]: "warned",
  [CaseType.Note]: "given that note",
  [CaseType.Timeout]: "timed out",
  [CaseType.Untimeout]: "freed from their timeout",
  [CaseType.Kick]: "kicked",
  [CaseType.Ban]: "banned",
  [CaseType.Unban]: "unbanned",
  [CaseType.Softban]: "softbanned",
};

/** The answer to a retry (or a second moderator) repeating an action just taken. */
export function repeatedAction(earlier: Case, targetName: string): UserError {
  return new LegacyUserError(
    "RepeatedAction",
    `**${targetName}** was already ${ALREADY[earlier.type]} a moment ago (case #${earlier.number}); nothing was done twice.`,
    { caseNumber: earlier.number },
  );
}

/** Stored on a tempban that could not be lifted, and the mod-log line that says so. */
export function liftRefused(ban: Case, reason: string): { settleNote: string; modLogLine: string } {
  return {
    settleNote: `Not lifted: ${reason}`.slice(0, MAX_SETTLE_NOTE_LENGTH),
    modLogLine: `Couldn't lift the tempban of <@${ban.targetId}> (case #${ban.number}): ${reason}.`,
  };
}

/** Stored on a pending case whose outcome Discord would not tell; the case stands. */
export function unverifiedNote(reason: string): string {
  return `Not confirmed with Discord: ${reason}`.slice(0, MAX_SETTLE_NOTE_LENGTH);
}
