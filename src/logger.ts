import pino, { type Logger } from "pino";
import type { LogLevel } from "./config";

export type { Logger };

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: "warden" } }, destination);
}
