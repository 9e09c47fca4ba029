interface Entry {
  at: number;
  run: (() => void) | undefined;
  previous: Entry | undefined;
  next: Entry | undefined;
}

/** A callback `Deadlines` will run unless it is cancelled first. */
export interface Deadline {
  cancel(): void;
}

/**
 * Runs callbacks at their deadlines with one Node timer for all of them. A timer of its own per interaction,
 * cleared a millisecond later when the answer goes out, costs Node a timer list made and dropped every time
 * (each has a slightly different delay): some 12 µs per /ping, a few percent of a bare client's whole cost.
 * Here a cancelled deadline is only unlinked; the one timer stays armed and, when it fires, re-arms for the
 * earliest deadline still waiting, if any.
 */
export class Deadlines {
  private first: Entry | undefined;
  private last: Entry | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `run` (which must not throw) at `at` (ms since the epoch, as `Date.now()`), unless cancelled first. */
  add(at: number, run: () => void): Deadline {
    const entry: Entry = { at, run, previous: undefined, next: undefined };
    this.insert(entry);
    if (at < this.timerAt) this.arm(at);
    return { cancel: () => this.remove(entry) };
  }

  /** Deadlines waiting (cancelled ones are gone at once). */
  get size(): number {
    let count = 0;
    for (let entry = this.first; entry; entry = entry.next) count += 1;
    return count;
  }

  /** Deadlines mostly arrive in order: the new one is walked back from the end, nearly always zero steps. */
  private insert(entry: Entry): void {
    let after = this.last;
    while (after && after.at > entry.at) after = after.previous;
    entry.previous = after;
    entry.next = after ? after.next : this.first;
    if (entry.next) entry.next.previous = entry;
    else this.last = entry;
    if (after) after.next = entry;
    else this.first = entry;
  }

  private remove(entry: Entry): void {
    if (entry.run === undefined) return;
    entry.run = undefined;
    if (entry.previous) entry.previous.next = entry.next;
    else this.first = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    else this.last = entry.previous;
    entry.previous = entry.next = undefined;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // Unreferenced: a deadline waiting for an answer never keeps a stopping process alive on its own.
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - this.now())).unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    const due: Array<() => void> = [];
    while (this.first && this.first.at <= now) {
      const entry = this.first;
      if (entry.run) due.push(entry.run);
      this.remove(entry);
    }
    // Node may fire a millisecond before Date.now() reaches the deadline: then it is simply re-armed.
    if (this.first) this.arm(Math.max(this.first.at, now + 1));
    for (const run of due) run();
  }
}
