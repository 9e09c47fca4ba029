import type { Incidents } from "../../bot/incidents";
import { Backoff } from "../../database/backoff";
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

  constructor(
    private readonly logger: Logger,
    private readonly incidents: Incidents,
  ) {}

  /** `gaveUp`: what becomes of the work once the tries run out (reported with the incident). */
  retry(
    what: string,
    context: Record<string, unknown>,
    attempt: () => Promise<void>,
    gaveUp = "the reconciler will settle it",
  ): void {
    this.schedule({ what, context, gaveUp }, attempt, new Backoff(FIRST_DELAY_MS, MAX_DELAY_MS));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(work: RetriedWork, attempt: () => Promise<void>, backoff: Backoff): void {
    if (this.stopped) return;
    const { what, context, gaveUp } = work;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.incidents.detach(`settle:${what}`, async () => {
        try {
          await attempt();
          this.logger.info({ ...context, attempts: backoff.attempts }, `${what}: done`);
        } catch (error) {
          if (backoff.attempts >= MAX_ATTEMPTS) {
            this.incidents.report(error, `settle:${what}`, { ...context, gaveUp });
            return;
          }
          this.logger.debug({ err: error, ...context, attempts: backoff.attempts }, `${what}: failed again`);
          this.schedule(work, attempt, backoff);
        }
      });
    }, backoff.next());
    timer.unref();
    this.timers.add(timer);
  }
}

interface RetriedWork {
  what: string;
  context: Record<string, unknown>;
  gaveUp: string;
}
