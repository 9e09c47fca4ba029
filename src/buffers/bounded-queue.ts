/** A first-in first-out list that holds at most `capacity` items: adding to a full one drops the oldest. */
export class BoundedQueue<T> {
  private items: T[] = [];
  /** Items before this index were dropped and await compaction (so a drop is O(1), not a shift). */
  private head = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `item`; returns how many of the oldest were dropped to make room (0 or 1). */
  push(item: T): number {
    this.items.push(item);
    if (this.length <= this.capacity) return 0;
    this.head += 1;
    if (this.head >= Math.max(1, this.capacity / 4)) this.compact();
    return 1;
  }

  /** Empties the queue, returning its items oldest first. */
  takeAll(): T[] {
    this.compact();
    const taken = this.items;
    this.items = [];
    return taken;
  }

  /** Puts items taken earlier back before those added since; returns how many of the oldest did not fit. */
  putBack(older: readonly T[]): number {
    const merged = [...older, ...this.takeAll()];
    const excess = Math.max(0, merged.length - this.capacity);
    this.items = excess > 0 ? merged.slice(excess) : merged;
    return excess;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}
