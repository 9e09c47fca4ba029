import type { Incidents } from "../../bot/incidents";
import { Backoff } from "../../database/backoff";
import { DatabaseUnavailableError } from "../../errors/database-errors";
import type { Logger } from "../../logger";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** About 20 minutes of trying, as SettleRetries. */
const MAX_ATTEMPTS = 45;
/** Members with events waiting at once (bounded memory during a long outage); past it, new ones are dropped. */
export const MAX_WAITING_MEMBERS = 10_000;

export interface MemberEvent {
  guildId: string;
  userId: string;
  /** What the event is, for the logs: `join`, `roles changed`, `leave`. */
  what: string;
  /**
   * Its step carries the member's whole state (their roles as of this event): it takes the place of the
   * member's last event still waiting if that one is such an event too, so a member whose every change
   * arrives during an outage (a nickname changed over and over) keeps one event waiting, not thousands.
   */
  latestWins?: boolean;
}

/** An event not yet started: its step may still be swapped for a later one's. */
interface Waiting {
  event: MemberEvent;
  step: () => Promise<void>;
  started: boolean;
  done: Promise<void>;
}

/**
 * One member's gateway events (role changes, leaves, joins) handled one after another, each tried again
 * while the database is away: Discord sends them once, and a rejoin must not be handled before the role
 * change that came first. Only an outage is retried; any other failure is reported and the next event
 * goes ahead. Nothing here rejects. `stop()` (at shutdown) gives up on what is still waiting.
 */
export class MemberQueue {
  private readonly tails = new Map<string, Promise<void>>();
  /** Each member's last event, while it has not started. */
  private readonly lasts = new Map<string, Waiting>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly incidents: Incidents,
  ) {}

  /** Runs `step` after the member's earlier events; resolves once it is done or given up. */
  run(event: MemberEvent, step: () => Promise<void>): Promise<void> {
    const key = `${event.guildId}:${event.userId}`;
    const previous = this.tails.get(key);
    if (!previous && this.tails.size >= MAX_WAITING_MEMBERS) {
      this.logger.warn({ ...event, waiting: this.tails.size }, "too many member events waiting: dropped");
      return Promise.resolve();
    }
    const last = this.lasts.get(key);
    if (event.latestWins && last?.event.latestWins && !last.started) {
      last.event = event;
      last.step = step;
      return last.done;
    }
    const waiting: Waiting = { event, step, started: false, done: Promise.resolve() };
    const next = (previous ?? Promise.resolve()).then(() => {
      waiting.started = true;
      if (this.lasts.get(key) === waiting) this.lasts.delete(key);
      return this.attempt(waiting.event, waiting.step);
    });
    this.tails.set(key, next);
    waiting.done = next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    this.lasts.set(key, waiting);
    return waiting.done;
  }

  /** Gives up on the events waiting for the database; those running now are awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
    await Promise.allSettled([...this.tails.values()]);
  }

  private async attempt(event: MemberEvent, step: () => Promise<void>): Promise<void> {
    const backoff = new Backoff(FIRST_DELAY_MS, MAX_DELAY_MS);
    for (;;) {
      try {
        await step();
        if (backoff.attempts > 0)
          this.logger.info({ ...event, attempts: backoff.attempts }, "member event handled");
        return;
      } catch (error) {
        const outage = error instanceof DatabaseUnavailableError;
        const retry = outage && !this.stopped && backoff.attempts < MAX_ATTEMPTS;
        if (retry) await this.wait(backoff.next());
        // Woken by stop(), it gives up too: the database is about to close.
        if (!retry || this.stopped) {
          const gaveUp = outage ? { gaveUp: backoff.attempts } : {};
          this.incidents.report(error, `member ${event.what}`, { ...event, ...gaveUp });
          return;
        }
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.waits.set(timer, resolve);
    });
  }
}
