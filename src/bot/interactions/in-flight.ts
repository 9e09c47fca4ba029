/** Counts work in flight and lets shutdown wait for it, with a bound. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  get size(): number {
    return this.running.size;
  }

  track(work: Promise<void>): Promise<void> {
    this.running.add(work);
    const settled = (): void => void this.running.delete(work);
    work.then(settled, settled);
    return work;
  }

  /** Resolves when everything tracked so far has settled, or after `timeoutMs`, with the count left. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.running.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    return this.running.size;
  }
}
