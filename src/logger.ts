import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";
import { redactSecrets } from "./secrets";

export type { Logger };

/** Every line passes through redactSecrets: an error can quote a URL with its password (or the token). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: "warden" }, hooks: { streamWrite: redactSecrets } }, destination);
}
