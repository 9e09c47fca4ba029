import type { Case } from "../entities";
import type { Message } from "../i18n/translator";

/**
 * A row the caller required does not exist. Controllers that can name what is missing throw a UserError
 * instead; this one reaches a member only as a generic "no longer exists".
 */
export class NotFoundError extends Error {
  readonly identifier = "NotFound";
  constructor(
    readonly entity: string,
    readonly key: Readonly<Record<string, unknown>>,
  ) {
    super(`${entity} not found`);
    this.name = "NotFoundError";
  }
}

/**
 * A constraint refused the write. `rule` names the broken rule as a message (constraint-rules.ts);
 * PostgreSQL's `detail` quotes the row's values, so it is kept on the error for the logs only.
 */
export abstract class ConstraintViolation extends Error {
  abstract readonly identifier: string;
  constructor(
    readonly constraint: string | undefined,
    readonly rule: Message,
    readonly detail?: string,
  ) {
    super(`constraint ${constraint ?? "(unnamed)"} refused the write`);
    this.name = new.target.name;
  }
}

/** A unique constraint refused the write. */
export class ConflictError extends ConstraintViolation {
  readonly identifier = "Conflict";
}

/** A foreign key refused the write: the referenced row is missing, or rows still refer to this one. */
export class ForeignKeyViolationError extends ConstraintViolation {
  readonly identifier = "ForeignKeyViolation";
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

/** COMMIT went through; what then ran on the same connection (`DatabaseService.transactionThenRead`) failed. */
export class ReadAfterCommitError extends Error {
  constructor(options: { cause: unknown }) {
    super("the transaction committed; reading after it failed", options);
    this.name = "ReadAfterCommitError";
  }
}

/**
 * The case was committed, but the connection failed before its number (given at commit) could be read back:
 * saved for certain, so the person is told so rather than asked to try again (which would record it twice).
 */
export class SavedNumberUnknownError extends DatabaseUnavailableError {
  /** The saved case, its number still the placeholder; not enumerable, so a logged error carries no reason. */
  declare readonly kase: Case;

  constructor(kase: Case, options?: { cause?: unknown }) {
    super("the case was committed, but its number could not be read back", options);
    this.name = "SavedNumberUnknownError";
    Object.defineProperty(this, "kase", { value: kase, enumerable: false });
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
