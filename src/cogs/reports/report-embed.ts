import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from "discord.js";
import type { Report } from "../../entities/report";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";

/** The buttons on a queue post; each custom id carries the report's id only (and a signature). */
export const REPORT_BUTTONS = {
  acknowledge: "rpt-ack",
  warn: "rpt-warn",
  timeout: "rpt-timeout",
  ban: "rpt-ban",
  dismiss: "rpt-dismiss",
} as const;
export type ReportButton = keyof typeof REPORT_BUTTONS;

const COLOURS = { open: 0xe67e22, acknowledged: 0xf1c40f, actioned: 0x2ecc71, dismissed: 0x95a5a6 } as const;

/** How a report's status reads, with who set it. */
export function statusLine(report: Report, t: Translator): string {
  const moderator = report.handledBy ? `<@${report.handledBy}>` : "";
  switch (report.status) {
    case "open":
      return t.t("reports.status_open");
    case "acknowledged":
      return t.t("reports.status_acknowledged", { moderator });
    case "actioned":
      return t.t("reports.status_actioned", { moderator, case: report.caseNumber ?? "?" });
    case "dismissed":
      return t.t("reports.status_dismissed", { moderator, reason: report.closeReason ?? "" });
  }
}

export function reportEmbed(report: Report, t: Translator): APIEmbed {
  const fields = [
    {
      name: t.t("reports.field_reported"),
      value: `<@${report.targetId}> (${report.targetId})`,
      inline: true,
    },
    { name: t.t("reports.field_reporter"), value: `<@${report.reporterId}>`, inline: true },
    { name: t.t("reports.field_reason"), value: report.reason },
  ];
  if (report.messageLink) {
    const excerpt = report.messageExcerpt ? `\n> ${report.messageExcerpt.replace(/\n/g, "\n> ")}` : "";
    fields.push({ name: t.t("reports.field_message"), value: `${report.messageLink}${excerpt}` });
  }
  fields.push({ name: t.t("reports.field_status"), value: statusLine(report, t) });
  return {
    title: t.t("reports.embed_title", { id: report.id }),
    color: COLOURS[report.status],
    fields,
    timestamp: report.createdAt.toISOString(),
  };
}

const LABELS: Record<ReportButton, MessageId> = {
  acknowledge: "reports.button_acknowledge",
  warn: "reports.button_warn",
  timeout: "reports.button_timeout",
  ban: "reports.button_ban",
  dismiss: "reports.button_dismiss",
};

/** The buttons a report in its status still offers: none once it is closed. */
export function reportButtons(
  report: Report,
  t: Translator,
  sign: (customId: string) => string,
): APIActionRowComponent<APIButtonComponent>[] {
  if (report.status === "actioned" || report.status === "dismissed") return [];
  const shown: ReportButton[] =
    report.status === "open"
      ? ["acknowledge", "warn", "timeout", "ban", "dismiss"]
      : ["warn", "timeout", "ban", "dismiss"];
  const style = (button: ReportButton) =>
    button === "ban"
      ? ButtonStyle.Danger
      : button === "acknowledge"
        ? ButtonStyle.Primary
        : ButtonStyle.Secondary;
  return [
    {
      type: ComponentType.ActionRow,
      components: shown.map((button) => ({
        type: ComponentType.Button,
        style: style(button),
        label: t.t(LABELS[button]),
        custom_id: sign(`${REPORT_BUTTONS[button]}:${report.id}`),
      })),
    },
  ];
}
