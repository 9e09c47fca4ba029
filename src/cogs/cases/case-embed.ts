import type { APIEmbed } from "discord.js";
import { formatDuration } from "../../bot/duration";
import { CaseType, type Case } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { caseTypeName } from "./case-types";
import { moderatorMention } from "./moderator-name";

const COLOURS: Record<CaseType, number> = {
  [CaseType.Warn]: 0xf1c40f,
  [CaseType.Note]: 0x95a5a6,
  [CaseType.Timeout]: 0xe67e22,
  [CaseType.Untimeout]: 0x2ecc71,
  [CaseType.Kick]: 0xe74c3c,
  [CaseType.Ban]: 0x992d22,
  [CaseType.Unban]: 0x2ecc71,
  [CaseType.Softban]: 0xc0392b,
  [CaseType.Restrict]: 0x8e44ad,
  [CaseType.Unrestrict]: 0x2ecc71,
};

/** A kind of case as a title, in the reader's language. */
export function caseTitle(type: CaseType, t: Translator): string {
  return caseTypeName(t, type);
}

/** What a case's mod-log message and `/case show` display, in the reader's language. */
export function caseEmbed(kase: Case, refersToNumber: number | null, t: Translator): APIEmbed {
  const fields: NonNullable<APIEmbed["fields"]> = [
    {
      name: t.t("caselog.field_member"),
      value: `<@${kase.targetId}> (${kase.targetId})`,
      inline: true,
    },
    { name: t.t("caselog.field_moderator"), value: moderatorMention(kase.moderatorId, t), inline: true },
  ];
  if (kase.expiresAt) {
    const until = `<t:${Math.floor(kase.expiresAt.getTime() / 1000)}:f>`;
    const duration = formatDuration(lifetimeMs(kase));
    fields.push({
      name: t.t("caselog.field_duration"),
      value: t.t("caselog.duration_until", { duration, until }),
      inline: true,
    });
  }
  if (refersToNumber) {
    fields.push({
      name: t.t("caselog.field_refers_to"),
      value: t.t("caselog.case_number", { number: refersToNumber }),
      inline: true,
    });
  }
  fields.push({
    name: t.t("caselog.field_reason"),
    value: kase.reason?.trim() ? kase.reason.slice(0, 1024) : t.t("caselog.no_reason"),
  });
  if (kase.settleNote) fields.push({ name: t.t("caselog.field_note"), value: kase.settleNote });
  const title = { type: caseTitle(kase.type, t), number: kase.number };
  return {
    title: kase.voided ? t.t("caselog.title_deleted", title) : t.t("caselog.title", title),
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
