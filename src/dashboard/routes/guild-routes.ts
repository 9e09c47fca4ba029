import type { FastifyInstance } from "fastify";
import type { GuildAccess } from "../auth/moderator-access";
import { moderatorOfGuild, spendDiscordChecks } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendPage } from "../views";

/**
 * `/guilds`: the guilds the viewer was in when signing in, that Warden is in (on this process's shards), where
 * they are a moderator now.
 */
export function guildRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    app.get("/guilds", { preHandler: signedIn(deps.sessions, deps.cookies) }, async (request, reply) => {
      const session = request.viewer?.session;
      const client = deps.client();
      const candidates = (session?.guildIds ?? []).filter((guildId) => client.guilds.cache.has(guildId));
      const refused = await spendDiscordChecks(request, reply, candidates.length);
      if (refused) return refused;
      const checked = await Promise.all(
        candidates.map((guildId) => deps.access.check(guildId, session?.userId ?? "")),
      );
      const guilds = checked
        .filter((access): access is GuildAccess => access !== null)
        .sort((a, b) => a.guildName.localeCompare(b.guildName));
      const t = readerTranslator(request);
      return sendPage(
        reply,
        t,
        "guilds",
        {
          heading: t.t("dashboard.guilds_title"),
          none: t.t("dashboard.guilds_none"),
          guilds: guilds.map((guild) => ({ name: guild.guildName, href: `/guilds/${guild.guildId}/cases` })),
        },
        { viewer: frameViewer(request, reply) },
      );
    });

    const moderator = { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] };
    app.get("/guilds/:guildId", moderator, (request, reply) =>
      reply.redirect(`/guilds/${request.guildAccess?.guildId ?? ""}/cases`, 303),
    );
  };
}
