import type { FastifyInstance } from "fastify";
import { moderatorOfGuild } from "../auth/guild-gate";
import { allows } from "../auth/moderator-access";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendNotice, sendPage } from "../views";
import { guildNav } from "./guild-nav";
import { invitesTable, statsPeriods, usageTables, weeklyCasesTable } from "./stats-page";
import { STATS_PERMISSIONS } from "./stats-access";

const TOP_INVITES = 10;

/**
 * `/guilds/:guildId/stats`: cases per week by type, commands, errors and p95 latency per day, and joins by
 * invite, as tables (complete without JavaScript) that a static script turns into charts.
 */
export function statsRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const gate = { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] };
    app.get<{ Params: { guildId: string } }>("/guilds/:guildId/stats", gate, async (request, reply) => {
      const guild = request.guildAccess;
      if (!guild) throw new Error("the guild gate did not run");
      if (!allows(guild, STATS_PERMISSIONS)) {
        const notice = { heading: "dashboard.refused_title", body: "dashboard.refused_no_stats" } as const;
        return sendNotice(reply, readerTranslator(request), 403, notice, frameViewer(request, reply));
      }
      const { weeksFrom, daysFrom } = statsPeriods(new Date());
      const [weekly, days, invites] = await Promise.all([
        deps.caseStatistics.weeklyByType(guild.guildId, weeksFrom),
        deps.usage.dailyHealth(guild.guildId, daysFrom),
        deps.joins.ranking(guild.guildId, daysFrom, TOP_INVITES),
      ]);
      const t = readerTranslator(request);
      return sendPage(
        reply,
        t,
        "stats",
        {
          heading: t.t("dashboard.stats_title", { guild: guild.guildName }),
          nav: guildNav(t, guild, "stats"),
          tables: [
            weeklyCasesTable(t, weeksFrom, weekly),
            ...usageTables(t, daysFrom, days),
            invitesTable(t, invites),
          ],
        },
        { viewer: frameViewer(request, reply) },
      );
    });
  };
}
