import type { FastifyInstance } from "fastify";
import { APPEAL_STATUSES } from "../../entities/appeal";
import { moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendPage } from "../views";
import { appealRow, appealsPageText } from "./appeal-page";
import { guildNav } from "./guild-nav";
import { queueBefore, queuePage, queueStatus, type QueueQuery } from "./queue-query";

export const APPEALS_PAGE_SIZE = 50;

/**
 * `/guilds/:guildId/appeals`: the guild's ban appeals in one status (open by default), newest first, keyset
 * paged on the id, each with its ban case linked (the cases' numbers read in one statement for the page).
 */
export function appealRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    app.get<{ Params: { guildId: string }; Querystring: QueueQuery }>(
      "/guilds/:guildId/appeals",
      { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] },
      async (request, reply) => {
        const guild = request.guildAccess;
        if (!guild) throw new Error("the guild gate did not run");
        const status = queueStatus(request.query, APPEAL_STATUSES);
        const before = queueBefore(request.query);
        const rows = await deps.appeals.page(guild.guildId, status, before, APPEALS_PAGE_SIZE + 1);
        const page = queuePage(rows, APPEALS_PAGE_SIZE, status);
        const numbers = await deps.cases.numbersByIds(
          guild.guildId,
          page.items.map((appeal) => appeal.banCaseId),
        );
        const t = readerTranslator(request);
        return sendPage(
          reply,
          t,
          "appeals",
          {
            heading: t.t("dashboard.appeals_title", { guild: guild.guildName }),
            nav: guildNav(t, guild.guildId, "appeals", guild.administrator),
            text: appealsPageText(t),
            status,
            statuses: APPEAL_STATUSES.map((value) => ({
              value,
              label: t.t("appeals.status", { status: value }),
            })),
            rows: page.items.map((appeal) =>
              appealRow(t, guild.guildId, appeal, numbers.get(appeal.banCaseId) ?? null),
            ),
            next: page.next,
          },
          { viewer: frameViewer(request, reply) },
        );
      },
    );
  };
}
