import { injectable } from "tsyringe";

export interface TaskRun {
  task: string;
  /** How late the run started against when it was due (a busy event loop, or the previous run overran). */
  lagMs: number;
  durationMs: number;
  ok: boolean;
}

/** Tells observers (metrics) about every scheduled task run; listeners must not do I/O inline. */
@injectable()
export class SchedulerEvents {
  private readonly listeners: Array<(run: TaskRun) => void> = [];

  onRun(listener: (run: TaskRun) => void): void {
    this.listeners.push(listener);
  }

  emit(run: TaskRun): void {
    for (const listener of this.listeners) {
      try {
        listener(run);
      } catch {
        // An observer's bug must never stop the scheduler.
      }
    }
  }
}
