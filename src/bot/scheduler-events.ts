import { service } from "../service";
import { Observers } from "../observers";

export interface TaskRun {
  task: string;
  /** How late the run started against when it was due (a busy event loop, or the previous run overran). */
  lagMs: number;
  durationMs: number;
  ok: boolean;
}

/** Tells observers (metrics) about every scheduled task run; listeners must not do I/O inline. */
@service()
export class SchedulerEvents {
  private readonly observers = new Observers<TaskRun>();

  onRun(listener: (event: TaskRun) => void): void {
    this.observers.add(listener);
  }

  emit(event: TaskRun): void {
    this.observers.emit(event);
  }
}
