import type { Case, CaseEdit } from "../../entities";
import { caseTypeName } from "../../cogs/cases/case-types";
import type { Translator } from "../../i18n/translator";
import { utc } from "./cases-page";

/** One history entry as the page shows it: who did what when, and the text involved. */
function historyEntry(t: Translator, edit: CaseEdit): { line: string; detail: string | null } {
  const values = { when: utc(edit.editedAt), editor: edit.editorId };
  if (edit.field === "note") return { line: t.t("dashboard.history_note", values), detail: edit.note };
  const field = edit.field === "reason" ? t.t("dashboard.case_reason") : edit.field;
  const line = t.t("dashboard.history_entry", { ...values, field });
  if (edit.field === "reason") return { line, detail: `${edit.before ?? ""} → ${edit.after ?? ""}` };
  return { line, detail: edit.note ?? edit.after };
}

/** Everything the case page shows, as text (the template escapes it). */
export function casePageData(
  t: Translator,
  guildId: string,
  kase: Case,
  edits: readonly CaseEdit[],
  modLogChannelId: string | null,
) {
  const modLog =
    modLogChannelId && kase.modLogMessageId
      ? `https://discord.com/channels/${guildId}/${modLogChannelId}/${kase.modLogMessageId}`
      : null;
  const base = `/guilds/${guildId}/cases/${kase.number}`;
  return {
    heading: t.t("dashboard.case_title", { number: kase.number }),
    back: { href: `/guilds/${guildId}/cases`, label: t.t("dashboard.col_number") },
    deleted: kase.voided ? t.t("dashboard.case_deleted") : null,
    facts: [
      [t.t("dashboard.case_type"), caseTypeName(t, kase.type)],
      [
        t.t("dashboard.case_member"),
        kase.targetName ? `${kase.targetName} (${kase.targetId})` : kase.targetId,
        `/guilds/${guildId}/members/${kase.targetId}`,
      ],
      [t.t("dashboard.case_moderator"), kase.moderatorId],
      [t.t("dashboard.case_reason"), kase.reason ?? t.t("dashboard.case_no_reason")],
      [t.t("dashboard.case_created"), utc(kase.createdAt)],
      ...(kase.expiresAt ? [[t.t("dashboard.case_expires"), utc(kase.expiresAt)]] : []),
    ],
    modLog: modLog ? { href: modLog, label: t.t("dashboard.case_mod_log") } : null,
    historyTitle: t.t("dashboard.history"),
    historyNone: t.t("dashboard.history_none"),
    history: edits.map((edit) => historyEntry(t, edit)),
    reasonForm: kase.voided
      ? null
      : {
          action: `${base}/reason`,
          label: t.t("dashboard.edit_reason"),
          button: t.t("dashboard.save_reason"),
        },
    noteForm: kase.voided
      ? null
      : { action: `${base}/note`, label: t.t("dashboard.add_note"), button: t.t("dashboard.save_note") },
    currentReason: kase.reason ?? "",
  };
}
