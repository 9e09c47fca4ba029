import type { FastifyError, FastifyInstance } from "fastify";
import { translateDiscordError } from "../bot/discord-errors";
import { isExpectedFailure, replyForError } from "../bot/error-replies";
import { UserError } from "../errors/user-error";
import { DatabaseUnavailableError, TransactionConflictError } from "../errors/database-errors";
import type { Logger } from "../logger";
import { readerTranslator, sendNotice, sendPage } from "./views";

const CSRF_ERRORS = new Set(["FST_CSRF_MISSING_SECRET", "FST_CSRF_INVALID_TOKEN"]);

function statusOf(error: unknown): number {
  if (error instanceof UserError && error.identifier.startsWith("discord.")) return 502;
  if (isExpectedFailure(error)) return 400;
  if (error instanceof DatabaseUnavailableError || error instanceof TransactionConflictError) return 503;
  const status = (error as Partial<FastifyError>).statusCode;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

/**
 * Every failure ends in a short page in the reader's language: a refused form, too many requests, bad
 * input, the database away; anything unexpected is logged under an incident id, which the page shows.
 */
export function registerErrorPages(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) =>
    sendNotice(reply, readerTranslator(request), 404, {
      heading: "dashboard.refused_title",
      body: "dashboard.not_found",
    }),
  );
  app.setErrorHandler((raw, request, reply) => {
    const t = readerTranslator(request);
    const error = translateDiscordError(raw);
    const code = (error as Partial<FastifyError>).code ?? "";
    if (CSRF_ERRORS.has(code)) {
      return sendNotice(reply, t, 403, {
        heading: "dashboard.refused_title",
        body: "dashboard.refused_csrf",
      });
    }
    const status = statusOf(error);
    if (status === 429) {
      return sendNotice(reply, t, 429, {
        heading: "dashboard.refused_title",
        body: "dashboard.rate_limited",
      });
    }
    if (status >= 400 && status < 500 && !isExpectedFailure(error)) {
      return sendNotice(reply, t, status, {
        heading: "dashboard.refused_title",
        body: "dashboard.not_found",
      });
    }
    const context = { source: "dashboard", method: request.method, route: request.routeOptions.url };
    const { content } = replyForError(error, logger, t, context);
    return sendPage(
      reply,
      t,
      "notice",
      { heading: t.t("dashboard.refused_title"), body: content },
      { status },
    );
  });
}
