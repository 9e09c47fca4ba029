import { injectable } from "tsyringe";

/**
 * The time the cases cog reads (button expiry). A class so it is its own injection token: tests register
 * another `now()` with tsyringe to move time instead of waiting.
 */
@injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
