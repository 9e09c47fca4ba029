import type { FastifyInstance } from "fastify";
import { APPEAL_STATUSES } from "../../entities/appeal";
import { UnbanCommand } from "../../cogs/moderation/definitions";
import { moderatorOfGuild } from "../auth/guild-gate";
import { allows } from "../auth/moderator-access";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendPage } from "../views";
import { appealPageData, appealRow, appealsPageText } from "./appeal-page";
import { guildNav } from "./guild-nav";
import { pathId, queueBefore, queuePage, queueStatus, type QueueQuery } from "./queue-query";

export const APPEALS_PAGE_SIZE = 50;
/** Who may decide an appeal: whoever may `/unban` (the appeal post's buttons ask the same). */
export const DECIDERS = BigInt(UnbanCommand.default_member_permissions);
const SAVED = {
  accepted: "dashboard.saved_appeal_accepted",
  rejected: "dashboard.saved_appeal_rejected",
} as const;

/**
 * `/guilds/:guildId/appeals`: the guild's ban appeals in one status (open by default), newest first, keyset
 * paged on the id, each with its ban case linked (the cases' numbers read in one statement for the page);
 * and `/guilds/:guildId/appeals/:appealId`, one appeal with its cases, history and (open, for whoever may
 * unban) Accept and Reject. Another guild's appeal id is not found here.
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
            nav: guildNav(t, guild, "appeals"),
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

    app.get<{ Params: { guildId: string; appealId: string }; Querystring: { saved?: string } }>(
      "/guilds/:guildId/appeals/:appealId",
      { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] },
      async (request, reply) => {
        const guild = request.guildAccess;
        if (!guild) throw new Error("the guild gate did not run");
        const appeal = await deps.appeals.ofGuild(guild.guildId, pathId("appeal", request.params.appealId));
        const [events, numbers] = await Promise.all([
          deps.appeals.history(appeal.id),
          deps.cases.numbersByIds(guild.guildId, [appeal.banCaseId, appeal.unbanCaseId ?? appeal.banCaseId]),
        ]);
        const cases = {
          ban: numbers.get(appeal.banCaseId) ?? null,
          unban: appeal.unbanCaseId === null ? null : (numbers.get(appeal.unbanCaseId) ?? null),
        };
        const t = readerTranslator(request);
        const viewer = frameViewer(request, reply);
        const saved = request.query.saved;
        return sendPage(
          reply,
          t,
          "appeal",
          {
            ...appealPageData(t, guild.guildId, appeal, events, cases, allows(guild, DECIDERS)),
            nav: guildNav(t, guild, "appeals"),
            csrfToken: viewer?.csrfToken ?? "",
            saved: saved === "accepted" || saved === "rejected" ? t.t(SAVED[saved], { id: appeal.id }) : null,
          },
          { viewer },
        );
      },
    );
  };
}
