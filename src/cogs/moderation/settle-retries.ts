import type { Logger } from "../../logger";

/** The first wait after a failure; each next one doubles, up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** About 20 minutes of trying; after that the periodic reconciler (PendingActions) settles the case. */
const MAX_ATTEMPTS = 45;

/**
 * Finishes bookkeeping in the background when the database failed after Discord acted (confirming a case,
 * voiding a refused one, recording a ban made outside Warden): tried again with backoff until it goes
 * through, so an outage settles by itself without waiting for a restart. Nothing here ever rejects;
 * `stop()` (at shutdown) drops what is still waiting (pending cases are then left to the reconciler).
 */
export class SettleRetries {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  retry(what: string, context: Record<string, unknown>, attempt: () => Promise<void>): void {
    this.schedule(what, context, attempt, 1);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(
    what: string,
    context: Record<string, unknown>,
    attempt: () => Promise<void>,
    number: number,
  ): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void attempt().then(
          () => this.logger.info({ ...context, attempts: number }, `${what}: done`),
          (error: unknown) => {
            if (number >= MAX_ATTEMPTS) {
              this.logger.error({ err: error, ...context }, `${what}: gave up; the reconciler will`);
              return;
            }
            this.logger.debug({ err: error, ...context, attempts: number }, `${what}: failed again`);
            this.schedule(what, context, attempt, number + 1);
          },
        );
      },
      Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (number - 1)),
    );
    timer.unref();
    this.timers.add(timer);
  }
}
