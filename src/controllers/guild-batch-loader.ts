/** Guild ids per statement: an array parameter of this size stays a small, fast statement. */
export const GUILDS_PER_BATCH = 1_000;

interface Waiter<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
}

/**
 * Coalesces reads of many guilds into one statement per batch: ids asked for in the same turn of the
 * event loop, or while a batch is being read, go together into the next one. Guilds arriving at start-up
 * (or a chat stream reaching every guild at once) cost one query per batch, not one per guild.
 */
export class GuildBatchLoader<V> {
  private waiting = new Map<string, Array<Waiter<V>>>();
  private scheduled = false;
  private running = false;

  constructor(private readonly loadMany: (guildIds: string[]) => Promise<Map<string, V>>) {}

  load(guildId: string): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiters = this.waiting.get(guildId);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(guildId, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.waiting.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // runBatch never rejects: every failure settles the batch's waiters, who handle it themselves.
      void this.runBatch();
    });
  }

  private async runBatch(): Promise<void> {
    const batch = new Map<string, Array<Waiter<V>>>();
    for (const [guildId, waiters] of this.waiting) {
      if (batch.size >= GUILDS_PER_BATCH) break;
      batch.set(guildId, waiters);
    }
    for (const guildId of batch.keys()) this.waiting.delete(guildId);
    this.running = true;
    try {
      const found = await this.loadMany([...batch.keys()]);
      for (const [guildId, waiters] of batch) {
        const value = found.get(guildId);
        const missing = new Error(`guild ${guildId} was not loaded`);
        for (const waiter of waiters) {
          if (value === undefined) waiter.reject(missing);
          else waiter.resolve(value);
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
