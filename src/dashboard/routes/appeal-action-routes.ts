import { PermissionFlagsBits } from "discord.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_DECISION_LENGTH } from "../../entities/appeal";
import { invalid } from "../../errors/validation-error";
import { moderatorOfGuild } from "../auth/guild-gate";
import { allows, type GuildAccess } from "../auth/moderator-access";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { guildToActOn, memberNow, requireBotPermissions } from "../discord-guild";
import { readerTranslator, sendNotice } from "../views";
import { DECIDERS } from "./appeal-routes";
import { pathId } from "./queue-query";

interface AppealParams {
  guildId: string;
  appealId: string;
}

/** The rejection's reason (the member is told): trimmed, between 1 and what an appeal keeps. */
function rejectReason(request: FastifyRequest): string {
  const value = (request.body as Record<string, unknown> | undefined)?.reason;
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length < 1) throw invalid("reason", "validation.blank");
  if (text.length > MAX_DECISION_LENGTH) {
    throw invalid("reason", "validation.too_many_chars", { max: MAX_DECISION_LENGTH });
  }
  return text;
}

/**
 * Accept and Reject from an appeal's page, through AppealDecisions like the appeal post's buttons: the
 * appeal claimed in the transaction that records the Unban case (of a web and a Discord press at once, one
 * decides), Discord asked after it, the member told and the post edited. Whoever presses must pass
 * `/unban`'s moderator check on this request; every POST needs the page's CSRF token.
 */
export function appealActionRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const withForm = {
      preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access), app.csrfProtection],
    };
    const decider = (request: FastifyRequest): GuildAccess | null => {
      const access = request.guildAccess;
      if (!access) throw new Error("the guild gate did not run");
      return allows(access, DECIDERS) ? access : null;
    };
    const refuse = (request: FastifyRequest, reply: FastifyReply) =>
      sendNotice(
        reply,
        readerTranslator(request),
        403,
        { heading: "dashboard.refused_title", body: "dashboard.refused_cannot_unban" },
        frameViewer(request, reply),
      );
    const done = (reply: FastifyReply, guildId: string, id: number, saved: "accepted" | "rejected") =>
      reply.redirect(`/guilds/${guildId}/appeals/${id}?saved=${saved}`, 303);

    app.post<{ Params: AppealParams }>(
      "/guilds/:guildId/appeals/:appealId/accept",
      withForm,
      async (request, reply) => {
        const access = decider(request);
        if (!access) return refuse(request, reply);
        const id = pathId("appeal", request.params.appealId);
        const guild = await guildToActOn(deps.client(), access.guildId);
        requireBotPermissions(guild, PermissionFlagsBits.BanMembers);
        const moderator = await memberNow(guild, request.viewer?.session.userId ?? "");
        await deps.appealDecisions.acceptAs(guild, moderator, id);
        return done(reply, access.guildId, id, "accepted");
      },
    );
    app.post<{ Params: AppealParams }>(
      "/guilds/:guildId/appeals/:appealId/reject",
      withForm,
      async (request, reply) => {
        const access = decider(request);
        if (!access) return refuse(request, reply);
        const id = pathId("appeal", request.params.appealId);
        const reason = rejectReason(request);
        const guild = await guildToActOn(deps.client(), access.guildId);
        await deps.appealDecisions.rejectAs(guild, request.viewer?.session.userId ?? "", id, reason);
        return done(reply, access.guildId, id, "rejected");
      },
    );
  };
}
