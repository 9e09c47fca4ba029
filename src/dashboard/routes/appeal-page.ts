import type { Appeal, AppealEvent } from "../../entities";
import { MAX_DECISION_LENGTH } from "../../entities/appeal";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";
import { utc } from "./cases-page";
import { memberHref } from "./member-page";
import { shortened } from "./queue-query";

/** The labels of the appeals queue. */
export function appealsPageText(t: Translator): Record<string, string> {
  return {
    filters: t.t("dashboard.filters"),
    status: t.t("dashboard.filter_state"),
    apply: t.t("dashboard.apply_filters"),
    colAppeal: t.t("dashboard.col_appeal"),
    colMember: t.t("dashboard.col_member"),
    colBanCase: t.t("dashboard.col_ban_case"),
    colText: t.t("dashboard.col_appeal_text"),
    colStatus: t.t("dashboard.col_status"),
    colCreated: t.t("dashboard.col_created"),
    colDecision: t.t("dashboard.col_decision"),
    none: t.t("dashboard.no_appeals"),
    next: t.t("dashboard.older_entries"),
  };
}

/** One row of the appeals queue; `banNumber` is the ban case's number in this guild (null: not found). */
export function appealRow(t: Translator, guildId: string, appeal: Appeal, banNumber: number | null) {
  return {
    id: appeal.id,
    href: `/guilds/${guildId}/appeals/${appeal.id}`,
    member: appeal.userId,
    memberHref: memberHref(guildId, appeal.userId),
    ban:
      banNumber === null ? null : { label: `#${banNumber}`, href: `/guilds/${guildId}/cases/${banNumber}` },
    text: shortened(appeal.text),
    status: t.t("appeals.status", { status: appeal.status }),
    created: utc(appeal.createdAt),
    decision: appeal.decidedBy
      ? t.t("dashboard.appeal_decision", {
          moderator: appeal.decidedBy,
          when: appeal.decidedAt ? utc(appeal.decidedAt) : "",
          reason: appeal.decisionReason ?? "",
        })
      : "",
  };
}

/** An appeal's ban case and (once accepted) Unban case, as numbers in this guild; null when not found. */
export interface AppealCases {
  ban: number | null;
  unban: number | null;
}

/** Everything an appeal's page shows; `decide` when the viewer may decide it (open, and allowed to unban). */
export function appealPageData(
  t: Translator,
  guildId: string,
  appeal: Appeal,
  events: readonly AppealEvent[],
  cases: AppealCases,
  decide: boolean,
) {
  const caseLink = (number: number) => `/guilds/${guildId}/cases/${number}`;
  const fact = (label: MessageId, text: string, href: string | null = null) => ({
    label: t.t(label),
    text,
    href,
  });
  const base = `/guilds/${guildId}/appeals/${appeal.id}`;
  const open = appeal.status === "open";
  return {
    heading: t.t("dashboard.appeal_title", { id: appeal.id }),
    back: { href: `/guilds/${guildId}/appeals?status=${appeal.status}`, label: t.t("dashboard.nav_appeals") },
    facts: [
      fact("dashboard.col_member", appeal.userId, memberHref(guildId, appeal.userId)),
      ...(cases.ban !== null ? [fact("dashboard.col_ban_case", `#${cases.ban}`, caseLink(cases.ban))] : []),
      fact("dashboard.col_appeal_text", appeal.text),
      fact("dashboard.col_status", t.t("appeals.status", { status: appeal.status })),
      fact("dashboard.col_created", utc(appeal.createdAt)),
      ...(appeal.decidedBy ? [fact("dashboard.appeal_decided_by", appeal.decidedBy)] : []),
      ...(appeal.decidedAt ? [fact("dashboard.appeal_decided_at", utc(appeal.decidedAt))] : []),
      ...(appeal.decisionReason ? [fact("dashboard.appeal_decision_reason", appeal.decisionReason)] : []),
      ...(cases.unban !== null
        ? [fact("dashboard.appeal_unban_case", `#${cases.unban}`, caseLink(cases.unban))]
        : []),
    ],
    accept: open && decide ? { action: `${base}/accept`, button: t.t("dashboard.accept_appeal") } : null,
    reject:
      open && decide
        ? {
            action: `${base}/reject`,
            label: t.t("appeals.reject_reason_label"),
            button: t.t("dashboard.reject_appeal"),
            maxLength: MAX_DECISION_LENGTH,
          }
        : null,
    historyTitle: t.t("dashboard.history"),
    historyNone: t.t("dashboard.history_none"),
    history: events.map((event) => ({
      line: t.t("dashboard.appeal_history_entry", {
        when: utc(event.createdAt),
        actor: event.actorId,
        kind: event.kind,
      }),
      detail: event.note,
    })),
  };
}
