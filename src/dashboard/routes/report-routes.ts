import type { FastifyInstance, FastifyRequest } from "fastify";
import { REPORT_STATUSES } from "../../entities/report";
import { moderatorOfGuild } from "../auth/guild-gate";
import { allows } from "../auth/moderator-access";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendPage } from "../views";
import { guildNav } from "./guild-nav";
import { pathId, queueBefore, queuePage, queueStatus, type QueueQuery } from "./queue-query";
import { ACTION_REQUIRES } from "./report-moderation-routes";
import { reportPageData, reportRow, reportStatusName, reportsPageText } from "./report-page";

export const REPORTS_PAGE_SIZE = 50;
const SAVED = {
  acknowledged: "dashboard.saved_acknowledged",
  dismissed: "dashboard.saved_dismissed",
  actioned: "dashboard.saved_actioned",
} as const;

/**
 * `/guilds/:guildId/reports`: the guild's reports in one status (open by default), newest first, keyset
 * paged on the id; and `/guilds/:guildId/reports/:reportId`, one report with its history. Read through
 * ReportController, scoped to the guild in the URL: another guild's report id is not found here.
 */
export function reportRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const options = { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] };
    const guildOf = (request: FastifyRequest) => {
      if (!request.guildAccess) throw new Error("the guild gate did not run");
      return request.guildAccess;
    };

    app.get<{ Params: { guildId: string }; Querystring: QueueQuery }>(
      "/guilds/:guildId/reports",
      options,
      async (request, reply) => {
        const guild = guildOf(request);
        const status = queueStatus(request.query, REPORT_STATUSES);
        const before = queueBefore(request.query);
        const rows = await deps.reports.page(guild.guildId, status, before, REPORTS_PAGE_SIZE + 1);
        const page = queuePage(rows, REPORTS_PAGE_SIZE, status);
        const t = readerTranslator(request);
        return sendPage(
          reply,
          t,
          "reports",
          {
            heading: t.t("dashboard.reports_title", { guild: guild.guildName }),
            nav: guildNav(t, guild, "reports"),
            text: reportsPageText(t),
            status,
            statuses: REPORT_STATUSES.map((value) => ({ value, label: reportStatusName(t, value) })),
            rows: page.items.map((report) => reportRow(t, guild.guildId, report)),
            next: page.next,
          },
          { viewer: frameViewer(request, reply) },
        );
      },
    );

    app.get<{ Params: { guildId: string; reportId: string }; Querystring: { saved?: string } }>(
      "/guilds/:guildId/reports/:reportId",
      options,
      async (request, reply) => {
        const guild = guildOf(request);
        const report = await deps.reports.ofGuild(guild.guildId, pathId("report", request.params.reportId));
        const events = await deps.reports.history(report.id);
        const t = readerTranslator(request);
        const viewer = frameViewer(request, reply);
        const saved = request.query.saved;
        return sendPage(
          reply,
          t,
          "report",
          {
            ...reportPageData(t, guild.guildId, report, events, (command) =>
              allows(guild, ACTION_REQUIRES[command]),
            ),
            nav: guildNav(t, guild, "reports"),
            csrfToken: viewer?.csrfToken ?? "",
            saved:
              saved === "acknowledged" || saved === "dismissed" || saved === "actioned"
                ? t.t(SAVED[saved], { id: report.id, case: report.caseNumber ?? "?" })
                : null,
          },
          { viewer },
        );
      },
    );
  };
}
