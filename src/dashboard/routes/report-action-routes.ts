import type { FastifyInstance, FastifyRequest } from "fastify";
import { ACKNOWLEDGE_FROM, CLOSE_FROM, type Transition } from "../../controllers/report-controller";
import { MAX_REPORT_REASON_LENGTH } from "../../entities/report";
import { UserError } from "../../errors/user-error";
import { invalid } from "../../errors/validation-error";
import { moderatorOfGuild } from "../auth/guild-gate";
import { signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { pathId } from "./queue-query";
import { reportStatusName } from "./report-page";
import { readerTranslator } from "../views";

interface ReportParams {
  guildId: string;
  reportId: string;
}

/** The dismissal's optional reason: trimmed, at most what a report keeps. */
function dismissReason(request: FastifyRequest): string | null {
  const value = (request.body as Record<string, unknown> | undefined)?.reason;
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length > MAX_REPORT_REASON_LENGTH) {
    throw invalid("reason", "validation.too_many_chars", { max: MAX_REPORT_REASON_LENGTH });
  }
  return text === "" ? null : text;
}

/**
 * Acknowledge and Dismiss from a report's page: the same conditional transition as the queue post's buttons
 * (of two moderators at once, one changes it), the web moderator recorded, then the queue post refreshed
 * (after the transaction; a Discord failure there is logged, the change stands). Every POST needs the page's
 * CSRF token; the guild gate re-checks the moderator on each.
 */
export function reportActionRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const withForm = {
      preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access), app.csrfProtection],
    };
    const change = async (request: FastifyRequest<{ Params: ReportParams }>, transition: Transition) => {
      const guildId = request.guildAccess?.guildId;
      if (!guildId) throw new Error("the guild gate did not run");
      const id = pathId("report", request.params.reportId);
      const result = await deps.reports.transition(guildId, id, transition);
      if (!result.changed) {
        const status = reportStatusName(readerTranslator(request), result.report.status);
        throw new UserError("dashboard.report_handled_already", { id, status });
      }
      await deps.reportCloser.changed(deps.client(), result.report);
      return `/guilds/${guildId}/reports/${id}?saved=${transition.to}`;
    };
    const actor = (request: FastifyRequest): string => request.viewer?.session.userId ?? "";

    app.post<{ Params: ReportParams }>(
      "/guilds/:guildId/reports/:reportId/acknowledge",
      withForm,
      async (request, reply) =>
        reply.redirect(
          await change(request, { to: "acknowledged", from: ACKNOWLEDGE_FROM, actorId: actor(request) }),
          303,
        ),
    );
    app.post<{ Params: ReportParams }>(
      "/guilds/:guildId/reports/:reportId/dismiss",
      withForm,
      async (request, reply) =>
        reply.redirect(
          await change(request, {
            to: "dismissed",
            from: CLOSE_FROM,
            actorId: actor(request),
            note: dismissReason(request),
          }),
          303,
        ),
    );
  };
}
