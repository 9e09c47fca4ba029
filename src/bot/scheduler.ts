import type { Client } from "discord.js";
import type { Logger } from "../logger";
import type { SchedulerEvents } from "./scheduler-events";

/** Work a cog wants done every so often once the client is ready (expiries, clean-ups). */
export interface PeriodicTask {
  readonly name: string;
  readonly everyMs: number;
  run(client: Client<true>): Promise<void>;
}

/**
 * Runs each task once at start and then every `everyMs`, never two runs of one task at once; a failing run
 * is logged and the next one goes ahead. `stop()` waits for runs in progress.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly events?: SchedulerEvents,
  ) {}

  start(client: Client<true>, tasks: readonly PeriodicTask[]): void {
    for (const task of tasks) {
      let busy = false;
      const tick = (): void => {
        if (busy || this.stopped) return;
        busy = true;
        const run = task
          .run(client)
          .catch((error: unknown) =>
            this.logger.error({ err: error, task: task.name }, "scheduled task failed"),
          )
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      };
      tick();
      this.timers.push(setInterval(tick, task.everyMs));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }
}
