import { settleWithin } from "../deadline";

/**
 * A server that stopped answering without closing anything (a partition, a frozen host): nothing arrives,
 * not even an error, until TCP gives up many minutes later. Coded ETIMEDOUT, so it reads as a connection
 * failure (isConnectionFailure).
 */
export class NoAnswerError extends Error {
  readonly code = "ETIMEDOUT";

  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = "NoAnswerError";
  }
}

/**
 * `work`'s outcome, or a NoAnswerError once `ms` passed without one; `late` then runs (to drop the silent
 * connection). `work` is left to settle on its own, its outcome ignored.
 */
export function answerWithin<T>(work: Promise<T>, ms: number, what: string, late?: () => void): Promise<T> {
  return settleWithin(work, ms, () => {
    late?.();
    return new NoAnswerError(what, ms);
  });
}
