/** A Discord user seen active (a message or an interaction) at a moment. */
export interface Sighting {
  userId: string;
  at: Date;
}

/**
 * When each user was last seen, held between flushes: one entry per user, the newest moment wins. Holds at
 * most `capacity` users; beyond, those recorded longest ago are dropped (and the count returned to report).
 */
export class Sightings {
  private seen = new Map<string, Date>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.seen.size;
  }

  /** Returns how many users were dropped to stay within capacity. */
  record(userId: string, at: Date): number {
    this.merge(userId, at);
    return this.evict();
  }

  takeAll(): Sighting[] {
    const taken = [...this.seen].map(([userId, at]) => ({ userId, at }));
    this.seen = new Map();
    return taken;
  }

  /** Puts back what a flush could not write, under what was seen since; returns how many were dropped. */
  putBack(taken: readonly Sighting[]): number {
    const newer = this.seen;
    this.seen = new Map(taken.map((sighting) => [sighting.userId, sighting.at]));
    for (const [userId, at] of newer) this.merge(userId, at);
    return this.evict();
  }

  private merge(userId: string, at: Date): void {
    const earlier = this.seen.get(userId);
    if (earlier && earlier >= at) return;
    this.seen.delete(userId); // re-inserted last: the map stays ordered from seen longest ago
    this.seen.set(userId, at);
  }

  private evict(): number {
    if (this.seen.size <= this.capacity) return 0;
    let evicted = 0;
    for (const userId of this.seen.keys()) {
      if (this.seen.size <= this.capacity) break;
      this.seen.delete(userId);
      evicted += 1;
    }
    return evicted;
  }
}
