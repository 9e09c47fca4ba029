/** Work running longer than `InFlight`'s bound: reported once, while it goes on. */
export interface SlowWork {
  id: string;
  label: string;
  runningMs: number;
}

interface Running {
  id: string;
  /** Worked out only if the work turns out slow: most work never needs it. */
  label: string | (() => string);
  startedAt: number;
  reported: boolean;
}

/**
 * Counts work in flight and lets shutdown wait for it, with a bound. Work still running after `slowAfterMs`
 * is reported once (an interaction deferred and never finished would otherwise leave no trace but the
 * member's "is thinking…"), checked by one unreferenced timer started with the first work and kept (starting
 * and stopping it whenever the count goes 0 ↔ 1 would cost every interaction a timer).
 */
export class InFlight {
  private readonly running = new Map<Promise<void>, Running>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly onSlow: (work: SlowWork) => void = () => undefined,
    private readonly slowAfterMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.running.size;
  }

  track(work: Promise<void>, id = "", label: string | (() => string) = ""): Promise<void> {
    this.running.set(work, { id, label, startedAt: this.now(), reported: false });
    this.sweeper ??= setInterval(() => this.reportSlow(), this.slowAfterMs / 2).unref();
    const settled = (): void => void this.running.delete(work);
    work.then(settled, settled);
    return work;
  }

  /** Reports each work item running for `slowAfterMs` or longer that was not reported yet. */
  reportSlow(): void {
    const now = this.now();
    for (const entry of this.running.values()) {
      const runningMs = now - entry.startedAt;
      if (entry.reported || runningMs < this.slowAfterMs) continue;
      entry.reported = true;
      const label = typeof entry.label === "string" ? entry.label : entry.label();
      this.onSlow({ id: entry.id, label, runningMs });
    }
  }

  /** Resolves when everything tracked so far has settled, or after `timeoutMs`, with the count left. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.running.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.running.keys()]), timeout]);
    clearTimeout(timer);
    return this.running.size;
  }
}
