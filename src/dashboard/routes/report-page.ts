import type { Report, ReportEvent } from "../../entities";
import type { ReportStatus } from "../../entities/report";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";
import { utc } from "./cases-page";
import { memberHref } from "./member-page";
import { ACKNOWLEDGE_FROM, CLOSE_FROM } from "../../controllers/report-controller";
import { safeMessageLink, shortened } from "./queue-query";
import { REPORT_ACTIONS, type ReportAction } from "../../cogs/reports/report-actions";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { shorten } from "../../bot/shorten";
import { TIMEOUT_CHOICES } from "./report-moderation-routes";

const STATUS_NAME: Record<ReportStatus, MessageId> = {
  open: "reports.status_name_open",
  acknowledged: "reports.status_name_acknowledged",
  actioned: "reports.status_name_actioned",
  dismissed: "reports.status_name_dismissed",
};

const ACTION_BUTTON: Record<ReportAction["button"], MessageId> = {
  warn: "dashboard.act_warn",
  timeout: "dashboard.act_timeout",
  ban: "dashboard.act_ban",
};
const DURATION_NAME: Record<(typeof TIMEOUT_CHOICES)[number], MessageId> = {
  "10m": "dashboard.duration_10m",
  "1h": "dashboard.duration_1h",
  "1d": "dashboard.duration_1d",
  "7d": "dashboard.duration_7d",
};

export function reportStatusName(t: Translator, status: ReportStatus): string {
  return t.t(STATUS_NAME[status]);
}

/** The labels of the reports queue. */
export function reportsPageText(t: Translator): Record<string, string> {
  return {
    filters: t.t("dashboard.filters"),
    status: t.t("dashboard.filter_state"),
    apply: t.t("dashboard.apply_filters"),
    colReport: t.t("dashboard.col_report"),
    colReporter: t.t("dashboard.col_reporter"),
    colTarget: t.t("dashboard.col_target"),
    colReason: t.t("dashboard.col_reason"),
    colMessage: t.t("dashboard.col_message"),
    colStatus: t.t("dashboard.col_status"),
    colCreated: t.t("dashboard.col_created"),
    openMessage: t.t("dashboard.open_message"),
    none: t.t("dashboard.no_reports"),
    next: t.t("dashboard.older_entries"),
  };
}

/** One row of the reports queue, as text (the template escapes it). */
export function reportRow(t: Translator, guildId: string, report: Report) {
  return {
    id: report.id,
    href: `/guilds/${guildId}/reports/${report.id}`,
    reporter: report.reporterId,
    reporterHref: memberHref(guildId, report.reporterId),
    target: report.targetId,
    targetHref: memberHref(guildId, report.targetId),
    reason: shortened(report.reason),
    messageLink: safeMessageLink(report.messageLink),
    status: reportStatusName(t, report.status),
    created: utc(report.createdAt),
  };
}

/** Everything a report's page shows. */
export function reportPageData(
  t: Translator,
  guildId: string,
  report: Report,
  events: readonly ReportEvent[],
  mayRun: (command: ReportAction["command"]) => boolean = () => false,
) {
  const link = safeMessageLink(report.messageLink);
  const fact = (label: MessageId, text: string, href: string | null = null) => ({
    label: t.t(label),
    text,
    href,
  });
  return {
    heading: t.t("dashboard.report_title", { id: report.id }),
    back: { href: `/guilds/${guildId}/reports?status=${report.status}`, label: t.t("dashboard.nav_reports") },
    facts: [
      fact("dashboard.col_reporter", report.reporterId, memberHref(guildId, report.reporterId)),
      fact("dashboard.col_target", report.targetId, memberHref(guildId, report.targetId)),
      fact("dashboard.col_reason", report.reason),
      ...(link ? [fact("dashboard.col_message", link, link)] : []),
      ...(report.messageExcerpt ? [fact("dashboard.report_excerpt", report.messageExcerpt)] : []),
      fact("dashboard.col_status", reportStatusName(t, report.status)),
      ...(report.handledBy ? [fact("dashboard.report_handled_by", report.handledBy)] : []),
      ...(report.closeReason ? [fact("dashboard.report_close_reason", report.closeReason)] : []),
      ...(report.caseNumber !== null
        ? [
            fact(
              "dashboard.report_case",
              `#${report.caseNumber}`,
              `/guilds/${guildId}/cases/${report.caseNumber}`,
            ),
          ]
        : []),
      fact("dashboard.col_created", utc(report.createdAt)),
    ],
    acknowledge: ACKNOWLEDGE_FROM.includes(report.status)
      ? {
          action: `/guilds/${guildId}/reports/${report.id}/acknowledge`,
          button: t.t("dashboard.acknowledge_report"),
        }
      : null,
    dismiss: CLOSE_FROM.includes(report.status)
      ? {
          action: `/guilds/${guildId}/reports/${report.id}/dismiss`,
          label: t.t("dashboard.dismiss_reason"),
          button: t.t("dashboard.dismiss_report"),
        }
      : null,
    actionsTitle: t.t("dashboard.report_act_title"),
    actions: CLOSE_FROM.includes(report.status)
      ? REPORT_ACTIONS.filter((action) => mayRun(action.command)).map((action) => ({
          name: action.button,
          action: `/guilds/${guildId}/reports/${report.id}/${action.button}`,
          button: t.t(ACTION_BUTTON[action.button]),
          reasonLabel: t.t("dashboard.act_reason"),
          reason: shorten(`Report #${report.id}: ${report.reason}`, MAX_REASON_LENGTH),
          durations: action.fields.some((field) => field.name === "duration")
            ? {
                label: t.t("dashboard.act_duration"),
                options: TIMEOUT_CHOICES.map((value) => ({ value, label: t.t(DURATION_NAME[value]) })),
              }
            : null,
        }))
      : [],
    historyTitle: t.t("dashboard.history"),
    historyNone: t.t("dashboard.history_none"),
    history: events.map((event) => ({
      line: t.t("dashboard.report_history_entry", {
        when: utc(event.createdAt),
        actor: event.actorId,
        status: reportStatusName(t, event.status),
      }),
      detail: event.note,
    })),
  };
}
