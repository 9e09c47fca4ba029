import type { FastifyInstance } from "fastify";
import { moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { ROUTE_LIMITS } from "../security-plugins";
import { readerTranslator, sendNotice, sendPage } from "../views";
import { filterQuery, parseFilters, withCursor, type FilterQuery } from "./case-filters";
import { guildNav } from "./guild-nav";
import { caseRow, casesPageText, stateOptions, typeOptions } from "./cases-page";

export const CASES_PAGE_SIZE = 50;

/** `/guilds/:guildId/cases`: the guild's cases, newest first, 50 a page, filtered and searched. */
export function casesRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const options = {
      preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)],
      // Text searches are limited per address; plain pages are not.
      config: {
        rateLimit: {
          ...ROUTE_LIMITS.search,
          allowList: (request: { query: unknown }) => !(request.query as FilterQuery).q,
        },
      },
    };
    app.get<{ Params: { guildId: string }; Querystring: FilterQuery }>(
      "/guilds/:guildId/cases",
      options,
      async (request, reply) => {
        const t = readerTranslator(request);
        const viewer = frameViewer(request, reply);
        const guild = request.guildAccess;
        if (!guild) throw new Error("the guild gate did not run");
        const parsed = parseFilters(request.query);
        if (!parsed.ok) {
          const values = { field: t.t(parsed.field) };
          return sendNotice(
            reply,
            t,
            400,
            { heading: "dashboard.refused_title", body: "dashboard.bad_filter", values },
            viewer,
          );
        }
        const page = await deps.cases.browse(guild.guildId, parsed.filter, {
          after: parsed.after,
          limit: CASES_PAGE_SIZE,
        });
        return sendPage(
          reply,
          t,
          "cases",
          {
            heading: t.t("dashboard.cases_title", { guild: guild.guildName }),
            text: casesPageText(t),
            nav: guildNav(t, guild, "cases"),
            values: parsed.values,
            types: typeOptions(t),
            states: stateOptions(t),
            rows: page.items.map((kase) => caseRow(t, guild.guildId, kase)),
            exports: (["csv", "json"] as const).map((format) => ({
              href: `/guilds/${guild.guildId}/cases/export?${filterQuery({ format, ...parsed.values })}`,
              label: t.t(format === "csv" ? "dashboard.export_csv" : "dashboard.export_json"),
            })),
            next: page.nextCursor ? `?${withCursor(parsed.values, page.nextCursor)}` : null,
          },
          { viewer },
        );
      },
    );
  };
}
