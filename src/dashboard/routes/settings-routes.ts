import type { Guild } from "discord.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { administratorOfGuild, moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { guildToActOn } from "../discord-guild";
import { readerTranslator, sendPage } from "../views";
import { guildNav } from "./guild-nav";
import {
  changeAutomodRules,
  changeModeratorRoles,
  changeModLog,
  type SettingsProblem,
} from "./settings-changes";
import { settingsPageData } from "./settings-page";
import { savedKey } from "./saved-key";

const SAVED = {
  "mod-log": "dashboard.settings_saved_mod_log",
  roles: "dashboard.settings_saved_roles",
  automod: "dashboard.settings_saved_automod",
} as const;
type Saved = keyof typeof SAVED;

/**
 * `/guilds/:guildId/settings`: the mod-log channel, moderator roles and automod rules, for the owner and
 * Administrators, changed through the controllers `/config` and `/automod` use (which invalidate every
 * process's cache). A guild on another process's shard is read from Discord. Each form needs the page's CSRF token; a refused change is shown on the page.
 */
export function settingsRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const gate = [
      signedIn(deps.sessions, deps.cookies),
      moderatorOfGuild(deps.access),
      administratorOfGuild(),
    ];
    const withForm = { preHandler: [...gate, app.csrfProtection] };

    /** The guild with its channels and roles: cached on this process's shards or not (like the moderator gate). */
    const guildOf = (request: FastifyRequest): Promise<Guild> => {
      if (!request.guildAccess) throw new Error("the guild gate did not run");
      return guildToActOn(deps.client(), request.guildAccess.guildId, { withChannels: true });
    };

    async function render(
      request: FastifyRequest,
      reply: FastifyReply,
      guild: Guild,
      outcome: { saved?: string | null; problem?: SettingsProblem },
    ): Promise<FastifyReply> {
      const access = request.guildAccess;
      if (!access) throw new Error("the guild gate did not run");
      const t = readerTranslator(request);
      const viewer = frameViewer(request, reply);
      const [config, automod] = await Promise.all([
        deps.guildConfigs.get(guild.id),
        deps.automod.load(guild.id),
      ]);
      const problem = outcome.problem
        ? t.t("dashboard.settings_not_saved", { problem: t.t(outcome.problem.id, outcome.problem.values) })
        : null;
      return sendPage(
        reply,
        t,
        "settings",
        {
          ...settingsPageData(t, guild, config, automod),
          nav: guildNav(t, access, "settings"),
          csrfToken: viewer?.csrfToken ?? "",
          saved: outcome.saved ?? null,
          problem,
        },
        { viewer, status: problem ? 400 : 200 },
      );
    }

    app.get<{ Params: { guildId: string }; Querystring: { saved?: string } }>(
      "/guilds/:guildId/settings",
      { preHandler: gate },
      async (request, reply) => {
        const guild = await guildOf(request);
        const t = readerTranslator(request);
        const saved = savedKey(SAVED, request.query.saved);
        const config = saved === "mod-log" ? await deps.guildConfigs.get(guild.id) : null;
        const channel = config?.modLogChannelId ? guild.channels.cache.get(config.modLogChannelId)?.name : "";
        const text = saved ? t.t(SAVED[saved], { channel: channel ?? "" }) : null;
        return render(request, reply, guild, { saved: text });
      },
    );

    const forms: Record<Saved, (request: FastifyRequest, guild: Guild) => Promise<SettingsProblem | null>> = {
      "mod-log": (request, guild) =>
        changeModLog(
          readerTranslator(request),
          deps.guildConfigs,
          guild,
          request.body as Record<string, unknown>,
        ),
      roles: (request, guild) =>
        changeModeratorRoles(
          deps.guildConfigs,
          guild,
          request.viewer?.session.userId ?? "",
          request.body as Record<string, unknown>,
        ),
      automod: (request, guild) =>
        changeAutomodRules(deps.automod, guild.id, request.body as Record<string, unknown>),
    };
    const paths: Record<Saved, string> = {
      "mod-log": "mod-log",
      roles: "moderator-roles",
      automod: "automod",
    };
    for (const [saved, change] of Object.entries(forms) as Array<[Saved, (typeof forms)[Saved]]>) {
      app.post<{ Params: { guildId: string } }>(
        `/guilds/:guildId/settings/${paths[saved]}`,
        withForm,
        async (request, reply) => {
          const guild = await guildOf(request);
          const problem = await change(request, guild);
          if (problem) return render(request, reply, guild, { problem });
          return reply.redirect(`/guilds/${guild.id}/settings?saved=${saved}`, 303);
        },
      );
    }
  };
}
