import type { Appeal } from "../../entities";
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
