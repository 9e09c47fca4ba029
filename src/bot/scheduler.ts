import type { Client } from "discord.js";
import type { DatabaseGate } from "./database-gate";
import type { Incidents } from "./incidents";
import type { SchedulerEvents } from "./scheduler-events";

/** Work a cog wants done every so often once the client is ready (expiries, clean-ups). */
export interface PeriodicTask {
  readonly name: string;
  readonly everyMs: number;
  run(client: Client<true>): Promise<void>;
}

export interface ScheduledTask {
  task: PeriodicTask;
  /** Held back until the database gate opens (tasks of cogs that use the database). */
  needsDatabase: boolean;
}

/**
 * Runs each task once at start and then every `everyMs`, never two runs of one task at once; a failing run
 * goes through the one error wrapper and the next one goes ahead. Tasks that need the database wait for it.
 * `stop()` waits for runs in progress.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly incidents: Incidents,
    private readonly gate: DatabaseGate,
    private readonly events?: SchedulerEvents,
  ) {}

  start(client: Client<true>, scheduled: readonly ScheduledTask[]): void {
    for (const { task, needsDatabase } of scheduled) {
      let busy = false;
      let due = performance.now();
      const tick = (): void => {
        if (busy || this.stopped) return;
        if (needsDatabase && !this.gate.isOpen) {
          due = performance.now() + task.everyMs;
          return;
        }
        busy = true;
        const started = performance.now();
        const lagMs = Math.max(0, started - due);
        due = started + task.everyMs;
        let ok = true;
        const run = task
          .run(client)
          .catch((error: unknown) => {
            ok = false;
            this.incidents.report(error, `task:${task.name}`);
          })
          .finally(() => {
            busy = false;
            this.running.delete(run);
            this.events?.emit({ task: task.name, lagMs, durationMs: performance.now() - started, ok });
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
