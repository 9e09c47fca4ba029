import { inject } from "tsyringe";
import { service } from "../service";
import type { FinishedInteraction } from "../bot/interactions/interaction-events";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { BoundedQueue } from "../buffers/bounded-queue";
import { BufferEvents } from "../buffers/buffer-events";
import { BufferGuard } from "../buffers/buffer-guard";
import { writeIsolating } from "../database/isolating-write";
import { SerialFlush } from "../buffers/serial-flush";
import { UsageController, type RecordedUsage } from "./usage-controller";

/**
 * Interactions held in memory between flushes: recording costs nothing on the reply path, and a flush is
 * one INSERT however many events it carries. A flush the database cannot take puts its events back; an
 * event the database refuses is dropped alone. At most BUFFER_MAX_ITEMS are held: statistics must never
 * exhaust memory, so beyond that the oldest are dropped and counted.
 */
@service()
export class UsageRecorder {
  private readonly events: BoundedQueue<RecordedUsage>;
  private readonly flushes = new SerialFlush(() => this.writeOnce());
  private readonly guard: BufferGuard;

  constructor(
    @inject(UsageController) private readonly usage: UsageController,
    @inject(BufferEvents) bufferEvents: BufferEvents,
    @inject(TOKENS.Config) config: Config,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.events = new BoundedQueue(config.BUFFER_MAX_ITEMS);
    this.guard = new BufferGuard("usage", config.BUFFER_MAX_ITEMS, logger, bufferEvents);
  }

  get pendingCount(): number {
    return this.events.length;
  }

  record(interaction: FinishedInteraction, at: Date = new Date()): void {
    const { command, guildId, userId, outcome, latencyMs, locale } = interaction;
    this.guard.overflowed(this.events.push({ command, guildId, userId, outcome, latencyMs, locale, at }));
  }

  /** Writes everything buffered; concurrent calls wait for the flush in progress and then flush again. */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  private async writeOnce(): Promise<void> {
    const written = await writeIsolating(this.events.takeAll(), (batch) => this.usage.insertAll(batch));
    this.guard.rejected(written.rejected, ({ guildId, userId, command }) => ({ guildId, userId, command }));
    if (written.error !== undefined) {
      this.guard.overflowed(this.events.putBack(written.unwritten));
      throw written.error;
    }
    this.guard.drained();
  }
}
