import type { Logger } from "pino";
import {
  CommitOutcomeUnknownError,
  ConflictError,
  DatabaseUnavailableError,
  ForeignKeyViolationError,
  TransactionConflictError,
  ValidationError,
} from "../database/errors";
import { UserError } from "../errors/user-error";
import { newIncidentId } from "./incident-id";

export interface ErrorReply {
  /** Short, human text; never a stack trace or driver message. */
  content: string;
  ephemeral: true;
  /** Set for unexpected errors: the id under which the full error was logged. */
  incidentId?: string;
}

/**
 * The one place an error becomes a reply. Expected failures (UserError and its kin) explain themselves;
 * anything else is logged in full under an incident id, and the person only sees that id.
 */
export function replyForError(
  error: unknown,
  logger: Logger,
  context: Record<string, unknown> = {},
): ErrorReply {
  if (error instanceof ValidationError) {
    const lines = Object.entries(error.fields).map(
      ([field, messages]) => `• \`${field}\`: ${messages.join(", ")}`,
    );
    return { content: `That didn't work:\n${lines.join("\n")}`, ephemeral: true };
  }
  if (error instanceof ConflictError || error instanceof ForeignKeyViolationError) {
    // The reply names the rule; what PostgreSQL said (error.detail) goes to the log only.
    logger.info({ err: error, ...context }, "a database constraint refused the write");
  }
  if (error instanceof UserError) return { content: error.message, ephemeral: true };
  if (error instanceof CommitOutcomeUnknownError) {
    logger.warn({ err: error, ...context }, "the database went away during COMMIT");
    return {
      content:
        "The database went away while saving that, so it may or may not have been saved; check before trying again.",
      ephemeral: true,
    };
  }
  if (error instanceof DatabaseUnavailableError) {
    logger.warn({ err: error, ...context }, "database unavailable");
    return { content: "The database is unavailable right now; try again shortly.", ephemeral: true };
  }
  if (error instanceof TransactionConflictError) {
    return {
      content: "That clashed with another change made at the same moment; try again.",
      ephemeral: true,
    };
  }
  const incidentId = newIncidentId();
  logger.error({ err: error, incidentId, ...context }, "unexpected error");
  return {
    content: `Something went wrong on our side. If it keeps happening, give the bot's operators incident \`${incidentId}\`.`,
    ephemeral: true,
    incidentId,
  };
}
