import type { APIEmbed } from "discord.js";
import { formatDuration } from "../../bot/duration";
import { CaseType, type Case } from "../../entities";

const TITLES: Record<CaseType, string> = {
  [CaseType.Warn]: "Warning",
  [CaseType.Note]: "Note",
  [CaseType.Timeout]: "Timeout",
  [CaseType.Untimeout]: "Timeout removed",
  [CaseType.Kick]: "Kick",
  [CaseType.Ban]: "Ban",
  [CaseType.Unban]: "Unban",
  [CaseType.Softban]: "Softban",
};

const COLOURS: Record<CaseType, number> = {
  [CaseType.Warn]: 0xf1c40f,
  [CaseType.Note]: 0x95a5a6,
  [CaseType.Timeout]: 0xe67e22,
  [CaseType.Untimeout]: 0x2ecc71,
  [CaseType.Kick]: 0xe74c3c,
  [CaseType.Ban]: 0x992d22,
  [CaseType.Unban]: 0x2ecc71,
  [CaseType.Softban]: 0xc0392b,
};

export function caseTitle(type: CaseType): string {
  return TITLES[type];
}

/** What a case's mod-log message and `/case show` display. */
export function caseEmbed(kase: Case, refersToNumber?: number | null): APIEmbed {
  const fields: NonNullable<APIEmbed["fields"]> = [
    { name: "Member", value: `<@${kase.targetId}> (${kase.targetId})`, inline: true },
    { name: "Moderator", value: `<@${kase.moderatorId}>`, inline: true },
  ];
  if (kase.expiresAt) {
    const lasts = lifetimeMs(kase);
    const unix = Math.floor(kase.expiresAt.getTime() / 1000);
    fields.push({ name: "Duration", value: `${formatDuration(lasts)} (until <t:${unix}:f>)`, inline: true });
  }
  if (refersToNumber) fields.push({ name: "Refers to", value: `Case #${refersToNumber}`, inline: true });
  fields.push({
    name: "Reason",
    value: kase.reason?.trim() ? kase.reason.slice(0, 1024) : "No reason given",
  });
  if (kase.settleNote) fields.push({ name: "Note", value: kase.settleNote });
  return {
    title: `${TITLES[kase.type]} | Case #${kase.number}${kase.voided ? " (deleted)" : ""}`,
    color: kase.voided ? 0x7f8c8d : COLOURS[kase.type],
    fields,
    timestamp: kase.createdAt.toISOString(),
  };
}

/** How long a temporary action lasts, to the second (its expiry is set a few ms before the row's creation). */
export function lifetimeMs(kase: Case): number {
  if (!kase.expiresAt) return 0;
  return Math.round((kase.expiresAt.getTime() - kase.createdAt.getTime()) / 1000) * 1000;
}
