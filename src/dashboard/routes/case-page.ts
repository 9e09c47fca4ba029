import type { Case, CaseEdit, CaseEvidence } from "../../entities";
import { caseTypeName } from "../../cogs/cases/case-types";
import { formatBytes } from "../../cogs/cases/evidence-lines";
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

/** One piece of evidence: a link only to an https address (a moderator typed it), else its text. */
function evidenceEntry(t: Translator, item: CaseEvidence) {
  const href = /^https:\/\//i.test(item.url) ? item.url : null;
  const added = t.t("dashboard.evidence_added", { editor: item.addedBy, when: utc(item.addedAt) });
  if (item.kind === "link") return { href, label: item.url, detail: null, added };
  const detail = t.t("dashboard.evidence_file", {
    size: formatBytes(item.sizeBytes ?? 0),
    sha: (item.sha256 ?? "").slice(0, 16),
  });
  return { href, label: item.fileName ?? item.url, detail, added };
}

/** What the case page shows besides the case: its history, evidence, the case it refers to, the mod log. */
export interface CaseSurroundings {
  edits: readonly CaseEdit[];
  evidence: readonly CaseEvidence[];
  /** The number of the case it refers to (`/case link`), when it does. */
  refersTo: number | null;
  modLogChannelId: string | null;
}

/** Everything the case page shows, as text (the template escapes it). */
export function casePageData(
  t: Translator,
  guildId: string,
  kase: Case,
  { edits, evidence, refersTo, modLogChannelId }: CaseSurroundings,
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
      ...(refersTo !== null
        ? [[t.t("dashboard.case_refers_to"), `#${refersTo}`, `/guilds/${guildId}/cases/${refersTo}`]]
        : []),
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
    evidenceTitle: t.t("dashboard.evidence_title", { count: evidence.length }),
    evidence: evidence.map((item) => evidenceEntry(t, item)),
    deleteForm: kase.voided
      ? null
      : {
          action: `${base}/delete`,
          label: t.t("dashboard.delete_reason"),
          button: t.t("dashboard.delete_case"),
        },
  };
}
