import { injectable } from "tsyringe";

/**
 * The time that decides expiries the bot checks itself (pager buttons). A class so it is its own injection
 * token: tests register another `now()` with tsyringe to move time instead of waiting.
 */
@injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
