interface Waiter {
  check(): boolean;
  fail(error: Error): void;
}

/**
 * Lets callers wait until some state appears. Whoever changes that state calls `notify()`; each waiter
 * re-evaluates its check. Waiting times out with an error naming what was awaited.
 */
export class Condition {
  private readonly waiters = new Set<Waiter>();

  wait<T>(probe: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    const immediate = probe();
    if (immediate !== undefined) return Promise.resolve(immediate);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const value = probe();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  notify(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of this.waiters) {
      if (waiter.check()) this.waiters.delete(waiter);
    }
  }

  /** Rejects every pending wait (used when the simulator closes). */
  cancelAll(reason: string): void {
    for (const waiter of this.waiters) waiter.fail(new Error(reason));
    this.waiters.clear();
  }
}
