import { inject, injectable } from "tsyringe";
import { SerialFlush } from "./serial-flush";
import type { FinishedInteraction } from "../bot/interactions/interaction-events";
import { UsageController, type RecordedUsage } from "./usage-controller";

/** Beyond this many unflushed events the oldest are dropped: statistics must never exhaust memory. */
export const MAX_BUFFERED_USAGE = 100_000;

/**
 * Interactions held in memory between flushes: recording costs nothing on the reply path, and a flush is
 * one INSERT however many events it carries. A failed flush puts its events back for the next one.
 */
@injectable()
export class UsageRecorder {
  private events: RecordedUsage[] = [];
  private readonly flushes = new SerialFlush(() => this.writeOnce());

  constructor(@inject(UsageController) private readonly usage: UsageController) {}

  get pendingCount(): number {
    return this.events.length;
  }

  record(interaction: FinishedInteraction, at: Date = new Date()): void {
    this.events.push({ ...interaction, at });
    if (this.events.length > MAX_BUFFERED_USAGE)
      this.events.splice(0, this.events.length - MAX_BUFFERED_USAGE);
  }

  /** Writes everything buffered; concurrent calls wait for the flush in progress and then flush again. */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  private async writeOnce(): Promise<void> {
    const taken = this.events;
    this.events = [];
    try {
      await this.usage.insertAll(taken);
    } catch (error) {
      this.events = [...taken, ...this.events];
      throw error;
    }
  }
}
