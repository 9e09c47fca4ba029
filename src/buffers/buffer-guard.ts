import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { BufferEvents, BufferName } from "./buffer-events";
import type { IsolatedWrite } from "../database/isolating-write";

/**
 * Reports what one buffer loses: items dropped because it was full (one warning per episode, however many
 * items, and one when it ends) and rows the database refused (each logged by its ids under a reference,
 * never with its content). Both are counted for the metrics through BufferEvents.
 */
export class BufferGuard {
  private droppedThisEpisode = 0;

  constructor(
    readonly buffer: BufferName,
    readonly capacity: number,
    private readonly logger: Logger,
    private readonly events: BufferEvents,
  ) {}

  overflowed(count: number): void {
    if (count <= 0) return;
    if (this.droppedThisEpisode === 0) {
      this.logger.warn(
        { buffer: this.buffer, capacity: this.capacity },
        "buffer full: dropping its oldest items until the database takes writes again",
      );
    }
    this.droppedThisEpisode += count;
    this.events.emit({ buffer: this.buffer, reason: "overflow", count });
  }

  /** After a flush that wrote everything: ends an overflow episode, saying what it cost. */
  drained(): void {
    if (this.droppedThisEpisode === 0) return;
    this.logger.warn(
      { buffer: this.buffer, dropped: this.droppedThisEpisode },
      "buffer written again; items were dropped while it was full",
    );
    this.droppedThisEpisode = 0;
  }

  rejected<T>(rows: IsolatedWrite<T>["rejected"], idsOf: (item: T) => Record<string, unknown>): void {
    if (rows.length === 0) return;
    for (const { item, error } of rows) {
      this.logger.error(
        { buffer: this.buffer, incidentId: randomUUID().slice(0, 8), ...idsOf(item), error: summary(error) },
        "the database refused a buffered row; it was dropped",
      );
    }
    this.events.emit({ buffer: this.buffer, reason: "rejected", count: rows.length });
  }
}

/** What went wrong without the driver's detail, which can quote the row (and so a message's content). */
function summary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const sqlState = (error as { sqlState?: unknown }).sqlState;
  return { name: error.name, message: error.message, ...(typeof sqlState === "string" ? { sqlState } : {}) };
}
