import { PerformanceObserver } from "node:perf_hooks";

export interface GcTally {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Counts the garbage collections (and their pauses) that happen while `work` runs. */
export async function tallyGc<T>(work: () => Promise<T>): Promise<[T, GcTally]> {
  const tally: GcTally = { count: 0, totalMs: 0, maxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      tally.count += 1;
      tally.totalMs += entry.duration;
      tally.maxMs = Math.max(tally.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  try {
    return [await work(), tally];
  } finally {
    // Entries are delivered asynchronously: give the last ones a turn before disconnecting.
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
  }
}

export function addGc(sum: GcTally, gc: GcTally): GcTally {
  return {
    count: sum.count + gc.count,
    totalMs: sum.totalMs + gc.totalMs,
    maxMs: Math.max(sum.maxMs, gc.maxMs),
  };
}
