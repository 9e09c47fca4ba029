import type { InjectionToken } from "tsyringe";
import type { Config } from "./config";
import type { Logger } from "./logger";

/** Every injection token in Warden. Classes are their own tokens; these are for values. */
export const TOKENS = {
  Config: Symbol("Config") as InjectionToken<Config>,
  Logger: Symbol("Logger") as InjectionToken<Logger>,
} as const;
