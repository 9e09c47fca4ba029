import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { bigFrom36, to36, type AnchorCodec } from "../../bot/pager/page-state";
import { Pagers, type Pager, type PagerContext, type PageView } from "../../bot/pager/pager";
import { shorten } from "../../bot/shorten";
import { ReportController } from "../../controllers/report-controller";
import { REPORT_STATUSES, type Report, type ReportStatus } from "../../entities/report";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";
import { discordTime } from "../cases/case-lines";

export const REPORTS_PER_PAGE = 10;

/** Where a page starts: the reports of a status (or all) with an id below `before` (null: the newest). */
export interface ReportsAnchor {
  status: ReportStatus | null;
  before: number | null;
}

const STATUS_LETTERS = ["a", "o", "k", "x", "d"] as const;
const statusOf = (letter: string): ReportStatus | null | undefined => {
  const at = STATUS_LETTERS.indexOf(letter as (typeof STATUS_LETTERS)[number]);
  return at === -1 ? undefined : at === 0 ? null : REPORT_STATUSES[at - 1];
};

const CODEC: AnchorCodec<ReportsAnchor> = {
  encode: ({ status, before }) =>
    `${STATUS_LETTERS[status === null ? 0 : REPORT_STATUSES.indexOf(status) + 1]}${before === null ? "" : to36(before)}`,
  decode: (text) => {
    const status = statusOf(text.slice(0, 1));
    if (status === undefined) return null;
    if (text.length === 1) return { status, before: null };
    const before = bigFrom36(text.slice(1));
    return before === null || before > 2n ** 31n ? null : { status, before: Number(before) };
  },
};

const STATUS_NAMES: Record<ReportStatus, MessageId> = {
  open: "reports.status_name_open",
  acknowledged: "reports.status_name_acknowledged",
  actioned: "reports.status_name_actioned",
  dismissed: "reports.status_name_dismissed",
};

function line(report: Report, t: Translator): string {
  const status = t.t(STATUS_NAMES[report.status]);
  return t.t("reports.list_line", {
    id: report.id,
    status,
    target: `<@${report.targetId}>`,
    reporter: `<@${report.reporterId}>`,
    when: discordTime(report.createdAt),
    reason: shorten(report.reason.replace(/\s+/g, " "), 80),
  });
}

/** `/reports list [status]`: keyset pages (one bounded statement each, newest first), with the shared Pager. */
@injectable()
export class ReportList {
  readonly pager: Pager<ReportsAnchor>;

  constructor(
    @inject(ReportController) private readonly reports: ReportController,
    @inject(Pagers) pagers: Pagers,
  ) {
    this.pager = pagers.create({
      prefix: "rpt-list",
      command: ["reports", "list"],
      codec: CODEC,
      page: (context, anchor, page) => this.page(context, anchor, page),
    });
  }

  first(context: PagerContext, status: ReportStatus | null): Promise<Reply> {
    return this.pager.first(context, { status, before: null });
  }

  private async page(
    context: PagerContext,
    anchor: ReportsAnchor,
    page: number,
  ): Promise<PageView<ReportsAnchor>> {
    const { status } = anchor;
    const rows = await this.reports.page(context.guildId, status, anchor.before, REPORTS_PER_PAGE + 1);
    const items = rows.slice(0, REPORTS_PER_PAGE);
    const first = items[0];
    const last = items.at(-1);
    const previousBefore = first
      ? await this.reports.previousBefore(context.guildId, status, first.id, REPORTS_PER_PAGE)
      : undefined;
    const title = context.t.t("reports.list_title");
    const body =
      items.length > 0
        ? items.map((item) => line(item, context.t)).join("\n")
        : context.t.t("reports.list_empty");
    return {
      reply: { embeds: [{ title, description: body }], ephemeral: true },
      previous:
        previousBefore === undefined
          ? null
          : { page: Math.max(1, page - 1), anchor: { status, before: previousBefore } },
      next:
        rows.length > REPORTS_PER_PAGE && last
          ? { page: page + 1, anchor: { status, before: last.id } }
          : null,
    };
  }
}
