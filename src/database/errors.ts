import { UserError } from "../errors/user-error";
import { GENERIC_FOREIGN_KEY, uniqueRule } from "./constraint-rules";

/** A row the caller required does not exist. */
export class NotFoundError extends UserError {
  constructor(entity: string, key: Readonly<Record<string, unknown>>) {
    super("NotFound", `${entity} not found`, { entity, key });
  }
}

/**
 * A unique constraint refused the write. The message names the broken rule in words (`rule`, else the
 * constraint's, see constraint-rules.ts); PostgreSQL's `detail` quotes the row's values, so it is kept on
 * the error for the logs only.
 */
export class ConflictError extends UserError {
  constructor(
    readonly constraint: string | undefined,
    readonly detail?: string,
    rule?: string,
  ) {
    super("Conflict", rule ?? uniqueRule(constraint), { constraint });
  }
}

/**
 * A foreign key refused the write: the referenced row is missing, or rows still refer to this one. As with
 * ConflictError, the driver's `detail` is for the logs only.
 */
export class ForeignKeyViolationError extends UserError {
  constructor(
    readonly constraint: string | undefined,
    readonly detail?: string,
    rule?: string,
  ) {
    super("ForeignKeyViolation", rule ?? GENERIC_FOREIGN_KEY, { constraint });
  }
}

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** Input broke a validation rule; `fields` maps each property to its messages. */
export class ValidationError extends UserError {
  constructor(readonly fields: FieldErrors) {
    super(
      "Validation",
      Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
        .join("; ") || "invalid input",
      { fields },
    );
  }
}

/** The database cannot be reached, refused the connection, or is shutting down. */
export class DatabaseUnavailableError extends Error {
  readonly identifier = "DatabaseUnavailable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * The connection failed after COMMIT was sent and before the server answered: the transaction may have been
 * committed or not, and nobody can tell from here. An outage everywhere else; the person is told to check.
 */
export class CommitOutcomeUnknownError extends DatabaseUnavailableError {
  constructor(options?: { cause?: unknown }) {
    super(
      "the connection failed while committing; the transaction may or may not have been committed",
      options,
    );
    this.name = "CommitOutcomeUnknownError";
  }
}

/** A serialization failure or deadlock that survived the allowed retries. */
export class TransactionConflictError extends Error {
  readonly identifier = "TransactionConflict";
  constructor(
    readonly sqlState: string,
    options?: { cause?: unknown },
  ) {
    super(`transaction aborted by a concurrent one (${sqlState})`, options);
    this.name = "TransactionConflictError";
  }
}

/** Any other database failure: a bug or an unexpected server state. The driver error is the cause. */
export class DatabaseError extends Error {
  readonly identifier = "DatabaseError";
  constructor(
    message: string,
    readonly sqlState: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DatabaseError";
  }
}
