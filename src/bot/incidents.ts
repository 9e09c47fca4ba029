import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseUnavailableError } from "../errors/database-errors";
import type { Logger } from "../logger";
import { Observers } from "../observers";
import { newIncidentId } from "./incident-id";
import { TOKENS } from "../tokens";

/** An outage repeats on every run of every task: one warning per source in this window is enough. */
const OUTAGE_WARNING_EVERY_MS = 60_000;

export interface BackgroundFailure {
  /** Where it happened: `listener:messageCreate`, `task:tempban expiries`, `unhandledRejection`, … */
  source: string;
  /** `outage` for a database that is away (expected, logged as a warning); `incident` for the rest. */
  kind: "outage" | "incident";
}

/**
 * The one error wrapper for work nobody awaits: gateway listeners, scheduled tasks, fire-and-forget
 * promises and the process-level rejection handler. A failure is logged (an outage as a warning, anything
 * else under an incident id) and counted; it never becomes an unhandled rejection.
 */
@service()
export class Incidents {
  private readonly observers = new Observers<BackgroundFailure>();
  private readonly lastOutageWarning = new Map<string, number>();

  constructor(@inject(TOKENS.Logger) private readonly logger: Logger) {}

  onFailure(observer: (failure: BackgroundFailure) => void): void {
    this.observers.add(observer);
  }

  /** Logs and counts `error`; returns the incident id (undefined for a database outage). */
  report(error: unknown, source: string, context: Record<string, unknown> = {}): string | undefined {
    const outage = error instanceof DatabaseUnavailableError;
    const incidentId = outage ? undefined : newIncidentId();
    if (outage) this.warnOfOutage(error, source, context);
    else this.logger.error({ err: error, incidentId, source, ...context }, `${source} failed`);
    this.observers.emit({ source, kind: outage ? "outage" : "incident" });
    return incidentId;
  }

  private warnOfOutage(error: unknown, source: string, context: Record<string, unknown>): void {
    const now = Date.now();
    if (now - (this.lastOutageWarning.get(source) ?? -Infinity) < OUTAGE_WARNING_EVERY_MS) return;
    this.lastOutageWarning.set(source, now);
    this.logger.warn({ err: error, source, ...context }, "the database is unavailable");
  }

  /** Runs `work` without awaiting it: whatever it throws or rejects with is reported. */
  detach(source: string, work: () => unknown, context: Record<string, unknown> = {}): Promise<void> {
    return Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (error: unknown) => void this.report(error, source, context),
      );
  }
}
