import { QueryFailedError } from "typeorm";
import {
  ConflictError,
  DatabaseError,
  NotFoundError,
  DatabaseUnavailableError,
  ForeignKeyViolationError,
  TransactionConflictError,
} from "../errors/database-errors";
import { invalid, ValidationError } from "../errors/validation-error";
import { FOREIGN_KEY_RULE, uniqueRule } from "./constraint-rules";
import { UserError } from "../errors/user-error";

interface DriverErrorShape {
  code?: unknown;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
}

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection is not established",
  "Cannot use a pool after calling end",
  "connection is closed",
  // TypeORM releases a transaction's runner when its connection fails; the next statement then says this.
  "Query runner already released",
];

export const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);

function driverErrorOf(error: unknown): DriverErrorShape | undefined {
  if (error instanceof QueryFailedError) return error.driverError as DriverErrorShape;
  if (typeof error === "object" && error !== null) return error as DriverErrorShape;
  return undefined;
}

/** PostgreSQL's SQLSTATE (or Node's errno name); never another library's numeric code (Discord's 50013). */
export function sqlStateOf(error: unknown): string | undefined {
  const code = driverErrorOf(error)?.code;
  return typeof code === "string" ? code : undefined;
}

/** An error raised by node-postgres for a server response (it carries SQLSTATE and severity). */
function isDriverError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "severity" in error &&
    "code" in error &&
    typeof error.code === "string"
  );
}

const OUT_OF_REACH_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

export function isConnectionFailure(error: unknown): boolean {
  const shape = driverErrorOf(error);
  const code = sqlStateOf(error) ?? "";
  // Class 08: connection exception; 57P01..57P03: admin shutdown, crash shutdown, cannot connect now;
  // 53300: no connection slot left for us (the server's max_connections, or the role's limit).
  if (code.startsWith("08") || OUT_OF_REACH_SQLSTATES.has(code)) return true;
  if (CONNECTION_ERROR_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : (shape?.message ?? "");
  return CONNECTION_MESSAGES.some((fragment) => message.includes(fragment));
}

/** Turns whatever the driver or TypeORM threw into one of Warden's typed errors. */
export function mapDatabaseError(error: unknown): Error {
  if (
    error instanceof UserError ||
    error instanceof ValidationError ||
    error instanceof NotFoundError ||
    error instanceof ConflictError ||
    error instanceof ForeignKeyViolationError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof TransactionConflictError ||
    error instanceof DatabaseError
  ) {
    return error;
  }
  if (!(error instanceof QueryFailedError) && !isDriverError(error) && !isConnectionFailure(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (isConnectionFailure(error)) {
    return new DatabaseUnavailableError("the database is unavailable", { cause: error });
  }
  const shape = driverErrorOf(error);
  const code = sqlStateOf(error);
  switch (code) {
    case "23505":
      return new ConflictError(shape?.constraint, uniqueRule(shape?.constraint), shape?.detail);
    case "23503":
      return new ForeignKeyViolationError(shape?.constraint, FOREIGN_KEY_RULE, shape?.detail);
    case "23502":
      return invalid(shape?.column ?? "value", "validation.required");
    case "23514":
      return invalid(shape?.constraint ?? "value", "validation.check_rule");
    case "22001":
      return invalid("value", "validation.too_long");
    case "22P02":
      return invalid("value", "validation.bad_format");
    case "22003":
      return invalid("value", "validation.out_of_range");
    case "40001":
    case "40P01":
      return new TransactionConflictError(code, { cause: error });
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new DatabaseError(message, code, { cause: error });
    }
  }
}
