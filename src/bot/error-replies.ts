import type { Logger } from "pino";
import {
  CommitOutcomeUnknownError,
  ConstraintViolation,
  DatabaseUnavailableError,
  NotFoundError,
  SavedNumberUnknownError,
  TransactionConflictError,
} from "../errors/database-errors";
import { UserError } from "../errors/user-error";
import { ValidationError } from "../errors/validation-error";
import { optionName } from "../i18n/command-text";
import type { Translator } from "../i18n/translator";
import { newIncidentId } from "./incident-id";

export interface ErrorReply {
  /** Short, human text in the member's language; never a stack trace or driver message. */
  content: string;
  ephemeral: true;
  /** Set for unexpected errors: the id under which the full error was logged. */
  incidentId?: string;
}

/** Whether an error is an expected failure the member is told about, rather than an incident. */
export function isExpectedFailure(error: unknown): boolean {
  return (
    error instanceof UserError ||
    error instanceof ValidationError ||
    error instanceof NotFoundError ||
    error instanceof ConstraintViolation
  );
}

function validationText(error: ValidationError, t: Translator): string {
  const path = error.commandPath;
  const lines = Object.entries(error.fields).map(([field, rules]) =>
    t.t("errors.invalid_line", {
      field: path ? optionName(t.commandLocale, path, field) : field,
      rules: rules.map((rule) => t.render(rule)).join(", "),
    }),
  );
  return t.t("errors.invalid", { lines: lines.join("\n") });
}

/**
 * The one place an error becomes a reply. Expected failures explain themselves in the member's language;
 * anything else is logged in full under an incident id, and the person only sees that id.
 */
export function replyForError(
  error: unknown,
  logger: Logger,
  t: Translator,
  context: Record<string, unknown> = {},
): ErrorReply {
  const reply = (content: string): ErrorReply => ({ content, ephemeral: true });
  if (error instanceof ValidationError) return reply(validationText(error, t));
  if (error instanceof UserError) return reply(error.render(t));
  if (error instanceof ConstraintViolation) {
    // The reply names the rule; what PostgreSQL said (error.detail) goes to the log only.
    logger.info({ err: error, ...context }, "a database constraint refused the write");
    return reply(t.render(error.rule));
  }
  if (error instanceof NotFoundError) return reply(t.t("errors.not_found"));
  if (error instanceof SavedNumberUnknownError) {
    logger.warn({ err: error, ...context }, "the database went away after a case was committed");
    return reply(t.t("errors.saved_number_unknown"));
  }
  if (error instanceof CommitOutcomeUnknownError) {
    logger.warn({ err: error, ...context }, "the database went away during COMMIT");
    return reply(t.t("errors.commit_unknown"));
  }
  if (error instanceof DatabaseUnavailableError) {
    logger.warn({ err: error, ...context }, "database unavailable");
    return reply(t.t("errors.database_unavailable"));
  }
  if (error instanceof TransactionConflictError) return reply(t.t("errors.transaction_conflict"));
  const incidentId = newIncidentId();
  logger.error({ err: error, incidentId, ...context }, "unexpected error");
  return { ...reply(t.t("errors.incident", { incidentId })), incidentId };
}
