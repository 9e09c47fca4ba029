import { PermissionFlagsBits } from "discord.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { validateArguments } from "../../bot/commands/arguments";
import { BanCommand, TimeoutCommand, WarnCommand } from "../../cogs/moderation/definitions";
import { REPORT_ACTIONS, type ReportAction } from "../../cogs/reports/report-actions";
import { invalid } from "../../errors/validation-error";
import { moderatorOfGuild } from "../auth/guild-gate";
import { allows, type GuildAccess } from "../auth/moderator-access";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { guildToActOn, memberNow, requireBotPermissions } from "../discord-guild";
import { readerTranslator, sendNotice } from "../views";
import { pathId } from "./queue-query";

/** What each action's command asks for: whoever may run it may press it here (the post's buttons ask the same). */
export const ACTION_REQUIRES: Record<ReportAction["command"], bigint> = {
  warn: BigInt(WarnCommand.default_member_permissions),
  timeout: BigInt(TimeoutCommand.default_member_permissions),
  ban: BigInt(BanCommand.default_member_permissions),
};

/** What Warden itself must hold for each action, as the command's policy asks in Discord. */
const BOT_NEEDS: Record<ReportAction["command"], bigint> = {
  warn: 0n,
  timeout: PermissionFlagsBits.ModerateMembers,
  ban: PermissionFlagsBits.BanMembers,
};

/** The timeout lengths the page offers (the duration syntax `/timeout` takes). */
export const TIMEOUT_CHOICES = ["10m", "1h", "1d", "7d"] as const;

/** The form's fields as the action's modal would give them, validated as the command validates them. */
function actionArgs(request: FastifyRequest, action: ReportAction): Record<string, unknown> {
  const body = (request.body as Record<string, unknown> | undefined) ?? {};
  const reason = typeof body.reason === "string" ? body.reason.trim() : "";
  const values: Record<string, unknown> = reason === "" ? {} : { reason };
  if (action.fields.some((field) => field.name === "duration")) {
    const duration = body.duration;
    if (typeof duration !== "string" || !(TIMEOUT_CHOICES as readonly string[]).includes(duration)) {
      throw invalid("duration", "validation.not_a_choice");
    }
    values.duration = duration;
  }
  return validateArguments(values, action.validation);
}

/**
 * Warn / Timeout / Ban the reported member from a report's page, through ReportActioning like the queue
 * post's buttons: the members' action flow (hierarchy, case with the web moderator as actor, DM, Discord,
 * mod log) and the report marked actioned with the case in its transaction. Refusals end on a short page.
 */
export function reportModerationRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const withForm = {
      preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access), app.csrfProtection],
    };
    const refuse = (request: FastifyRequest, reply: FastifyReply) =>
      sendNotice(
        reply,
        readerTranslator(request),
        403,
        { heading: "dashboard.refused_title", body: "dashboard.refused_cannot_act" },
        frameViewer(request, reply),
      );
    for (const action of REPORT_ACTIONS) {
      app.post<{ Params: { guildId: string; reportId: string } }>(
        `/guilds/:guildId/reports/:reportId/${action.button}`,
        withForm,
        async (request, reply) => {
          const access: GuildAccess | undefined = request.guildAccess;
          if (!access) throw new Error("the guild gate did not run");
          if (!allows(access, ACTION_REQUIRES[action.command])) return refuse(request, reply);
          const id = pathId("report", request.params.reportId);
          const args = actionArgs(request, action);
          const guild = await guildToActOn(deps.client(), access.guildId);
          requireBotPermissions(guild, BOT_NEEDS[action.command]);
          const actor = await memberNow(guild, request.viewer?.session.userId ?? "");
          await deps.reportActioning.act(guild, actor, id, action, args);
          return reply.redirect(`/guilds/${access.guildId}/reports/${id}?saved=actioned`, 303);
        },
      );
    }
  };
}
