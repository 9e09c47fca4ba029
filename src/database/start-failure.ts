import { DatabaseConfigurationError } from "../errors/operator-errors";
import { isConnectionFailure, sqlStateOf } from "./error-mapping";

/** The server is starting up (57P03) or out of connection slots (53300): it will take us later. */
const TRANSIENT_SQLSTATES = new Set(["57P03", "53300", "53000"]);

/**
 * Whether a failed start-up attempt is worth another try: the server is unreachable, refusing or still
 * starting. Anything else (bad credentials, a missing database, a newer schema, a broken migration, an
 * embedded server that cannot run) needs the operator, so retrying would only hide it.
 */
export function isTransientStartFailure(error: unknown): boolean {
  if (error instanceof DatabaseConfigurationError) return false;
  const state = sqlStateOf(error);
  if (state !== undefined && TRANSIENT_SQLSTATES.has(state)) return true;
  return isConnectionFailure(error);
}

/** `url` parsed, or a configuration error that never repeats the URL (it may hold a password). */
export function parseDatabaseUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error("not postgres");
    return parsed;
  } catch {
    throw new DatabaseConfigurationError(
      "DATABASE_URL is not a valid postgres:// URL (like postgres://user@host:5432/database, with the password after the user)",
    );
  }
}
