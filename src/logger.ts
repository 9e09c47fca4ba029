import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";
import { redactSecrets } from "./secrets";

export type { Logger };

/** Lines waiting for stdout beyond this are dropped rather than held: memory stays bounded. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Standard output written asynchronously: a synchronous write blocks the whole process while the reader of
 * the pipe (a log collector, a busy parent) is behind, and a bot that stops reading the gateway misses
 * Discord's 3 s for every interaction in flight. pino flushes what is left when the process exits.
 */
function standardOutput(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 0, maxLength: MAX_BUFFERED_LOG_BYTES });
}

/** Every line passes through redactSecrets: an error can quote a URL with its password (or the token). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { app: "warden" }, hooks: { streamWrite: redactSecrets } },
    destination ?? standardOutput(),
  );
}
