import type { Case } from "../../entities";
import { CaseType } from "../../entities";
import { caseTypeName } from "../../cogs/cases/case-types";
import type { Translator } from "../../i18n/translator";

const REASON_SHOWN = 300;

/** A moment as the dashboard writes it: UTC, to the minute. */
export function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The labels of the cases page's form and table, in the reader's language. */
export function casesPageText(t: Translator): Record<string, string> {
  return {
    filters: t.t("dashboard.filters"),
    type: t.t("dashboard.filter_type"),
    anyType: t.t("dashboard.filter_type_any"),
    member: t.t("dashboard.filter_member"),
    moderator: t.t("dashboard.filter_moderator"),
    state: t.t("dashboard.filter_state"),
    from: t.t("dashboard.filter_from"),
    to: t.t("dashboard.filter_to"),
    q: t.t("dashboard.filter_text"),
    apply: t.t("dashboard.apply_filters"),
    colNumber: t.t("dashboard.col_number"),
    colType: t.t("dashboard.col_type"),
    colMember: t.t("dashboard.col_member"),
    colModerator: t.t("dashboard.col_moderator"),
    colReason: t.t("dashboard.col_reason"),
    colCreated: t.t("dashboard.col_created"),
    none: t.t("dashboard.no_cases"),
    next: t.t("dashboard.next_page"),
    back: t.t("dashboard.back_to_guilds"),
  };
}

export function typeOptions(t: Translator): Array<{ value: string; label: string }> {
  return Object.values(CaseType).map((type) => ({ value: type, label: caseTypeName(t, type) }));
}

export function stateOptions(t: Translator): Array<{ value: string; label: string }> {
  return [
    { value: "active", label: t.t("dashboard.state_active") },
    { value: "deleted", label: t.t("dashboard.state_deleted") },
    { value: "all", label: t.t("dashboard.state_any") },
  ];
}

/** One table row: everything as text (the template escapes it). */
export function caseRow(t: Translator, guildId: string, kase: Case) {
  const reason = kase.reason ?? "";
  return {
    number: kase.number,
    href: `/guilds/${guildId}/cases/${kase.number}`,
    type: caseTypeName(t, kase.type),
    memberHref: `/guilds/${guildId}/members/${kase.targetId}`,
    member: kase.targetName ? `${kase.targetName} (${kase.targetId})` : kase.targetId,
    moderator: kase.moderatorId,
    reason: reason.length > REASON_SHOWN ? `${reason.slice(0, REASON_SHOWN)}…` : reason,
    created: utc(kase.createdAt),
    deleted: kase.voided,
  };
}
