import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { BoundedQueue } from "../buffers/bounded-queue";
import { BufferEvents } from "../buffers/buffer-events";
import { BufferGuard } from "../buffers/buffer-guard";
import { writeIsolating } from "../database/isolating-write";
import { LogOutboxController, type ArrivedEvent, type OutboxEvent } from "./log-outbox-controller";

/**
 * Server-log events on their way to the outbox. The gateway sends an event once, so one that arrives while
 * the database is away waits here (at most LOG_BUFFER_MAX_ITEMS; beyond, the oldest are dropped and
 * counted) and is written once it is back. Events are written as they come, many in one statement when
 * they come faster than the database answers; a failed write is tried again at `retry` (each flusher run).
 */
@service()
export class LogEventBuffer {
  private readonly events: BoundedQueue<ArrivedEvent>;
  private readonly guard: BufferGuard;
  private writing: Promise<void> | undefined;
  /** The last write failed: new events wait for `retry` instead of each trying the database. */
  private failing = false;
  /** Writes have failed since the last one that went through: told once per outage. */
  private outage = false;

  constructor(
    @inject(LogOutboxController) private readonly outbox: LogOutboxController,
    @inject(BufferEvents) bufferEvents: BufferEvents,
    @inject(TOKENS.Config) config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.events = new BoundedQueue(config.LOG_BUFFER_MAX_ITEMS);
    this.guard = new BufferGuard("server_log", config.LOG_BUFFER_MAX_ITEMS, logger, bufferEvents);
  }

  get pendingCount(): number {
    return this.events.length;
  }

  add(event: OutboxEvent, at: Date = new Date()): void {
    this.guard.overflowed(this.events.push({ ...event, at }));
    if (!this.failing) this.kick();
  }

  /** Tries the events still waiting again; resolves once this attempt is over (it never rejects). */
  async retry(): Promise<void> {
    this.failing = false;
    this.kick();
    await this.writing;
  }

  /** Writes what is waiting (on shutdown); what the database cannot take now is lost, with a log line. */
  async flush(): Promise<void> {
    await this.retry();
    if (this.events.length > 0)
      this.logger.warn({ lost: this.events.length }, "server-log events not written before stopping");
  }

  private kick(): void {
    this.writing ??= this.writeAll().finally(() => (this.writing = undefined));
  }

  private async writeAll(): Promise<void> {
    while (this.events.length > 0 && !this.failing) {
      const written = await writeIsolating(this.events.takeAll(), (batch) => this.outbox.enqueueAll(batch));
      this.guard.rejected(written.rejected, ({ guildId, category, kind }) => ({ guildId, category, kind }));
      if (written.error !== undefined) {
        this.guard.overflowed(this.events.putBack(written.unwritten));
        if (!this.outage)
          this.logger.warn(
            { err: written.error, waiting: this.events.length },
            "could not write server-log events; keeping them until the database is back",
          );
        this.failing = this.outage = true;
        return;
      }
      if (this.outage) this.logger.info("server-log events written again after an outage");
      this.outage = false;
      this.guard.drained();
    }
  }
}
