/** Open-loop load: requests leave on a fixed timetable, whether or not earlier ones have been answered. */
import { addGc, type GcTally } from "./gc";
import type { Answer } from "./simulator";
import { percentile } from "./stats";

export interface OpenLoopOptions {
  /** Requests per second. */
  rate: number;
  /** How many requests to send. */
  count: number;
}

export interface OpenLoopResult<T> {
  /** Every request's outcome, in sending order. */
  results: T[];
  /** How late each request left against its slot in the timetable, in ms (event-loop stalls show here). */
  lateness: number[];
}

/**
 * Calls `send(index)` at `start + index / rate` for every index, never waiting for an answer before the
 * next send; requests whose slot has passed (a stalled event loop) leave at once, in order. Resolves when
 * every returned promise has settled; rejects with the first failure.
 */
export async function openLoop<T>(
  send: (index: number) => Promise<T>,
  options: OpenLoopOptions,
): Promise<OpenLoopResult<T>> {
  const interval = 1000 / options.rate;
  const start = performance.now();
  const pending: Array<Promise<T>> = [];
  const lateness: number[] = [];
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (pending.length < options.count && start + pending.length * interval <= now) {
        lateness.push(now - (start + pending.length * interval));
        const outcome = send(pending.length);
        // Observed now so a failure before the end cannot surface as an unhandled rejection.
        outcome.catch(() => undefined);
        pending.push(outcome);
      }
      if (pending.length >= options.count) return resolve();
      setTimeout(tick, Math.max(0, start + pending.length * interval - performance.now()));
    };
    tick();
  });
  return { results: await Promise.all(pending), lateness };
}

/** One contender's latencies (ms) over several open-loop blocks, with how late sends were and the GC seen. */
export class Samples {
  readonly values: number[] = [];
  gc: GcTally = { count: 0, totalMs: 0, maxMs: 0 };
  maxLate = 0;
  /** How many of the answers were deferred first (their latency runs until the deferred reply was filled). */
  deferred = 0;
  /** CPU time the answering bot process used during the blocks behind these samples, in ms. */
  cpuMs = 0;

  /** The answering process's CPU time per answer, in µs. */
  get cpuUsPerAnswer(): number {
    return this.values.length === 0 ? 0 : (this.cpuMs * 1000) / this.values.length;
  }

  get p50(): number {
    return percentile(this.values, 50);
  }

  get p99(): number {
    return percentile(this.values, 99);
  }

  add(answers: readonly Answer[], lateness: readonly number[], gc: GcTally): void {
    this.values.push(...answers.map((answer) => answer.ms));
    this.deferred += answers.filter((answer) => answer.deferred).length;
    this.maxLate = Math.max(this.maxLate, ...lateness);
    this.gc = addGc(this.gc, gc);
  }
}
