/** A member's recent messages in one guild: times, and fingerprints of their text. */
interface Recent {
  times: number[];
  texts: { at: number; text: string }[];
}

const MAX_REMEMBERED = 50;
/** Members not heard from for this long are forgotten on the next sweep. */
const IDLE_MS = 3_600_000;

/**
 * Per-member message counters in memory (a guild's messages all reach the process of its shard). Bounded:
 * at most MAX_REMEMBERED entries per member, idle members swept.
 */
export class MessageCounters {
  private readonly members = new Map<string, Recent>();
  /** Member and rule → until when further breaches belong to a burst already acted on. */
  private readonly quiet = new Map<string, number>();
  private lastSweep = 0;

  /** Records a message; returns how many the member sent within `windowMs` (this one included). */
  sent(key: string, at: number, windowMs: number): number {
    const recent = this.recent(key, at);
    recent.times.push(at);
    while (recent.times.length > MAX_REMEMBERED || (recent.times[0] ?? at) <= at - windowMs) {
      recent.times.shift();
    }
    return recent.times.length;
  }

  /** Records the text; returns how many times the member sent the same text within `windowMs`. */
  repeats(key: string, text: string, at: number, windowMs: number): number {
    const recent = this.recent(key, at);
    recent.texts.push({ at, text });
    while (recent.texts.length > MAX_REMEMBERED || (recent.texts[0]?.at ?? at) <= at - windowMs) {
      recent.texts.shift();
    }
    let same = 0;
    for (const entry of recent.texts) if (entry.text === text) same += 1;
    return same;
  }

  /** After an action on a burst: the same member breaking the same rule before `until` is that burst. */
  quietUntil(key: string, until: number): void {
    this.quiet.set(key, until);
  }

  /** Whether `key` is within a burst already acted on. */
  isQuiet(key: string, at: number): boolean {
    const until = this.quiet.get(key);
    if (until === undefined) return false;
    if (until > at) return true;
    this.quiet.delete(key);
    return false;
  }

  get size(): number {
    return this.members.size;
  }

  private recent(key: string, at: number): Recent {
    if (at - this.lastSweep > IDLE_MS) this.sweep(at);
    let recent = this.members.get(key);
    if (!recent) {
      recent = { times: [], texts: [] };
      this.members.set(key, recent);
    }
    return recent;
  }

  private sweep(at: number): void {
    this.lastSweep = at;
    for (const [key, until] of this.quiet) if (until <= at) this.quiet.delete(key);
    for (const [key, recent] of this.members) {
      const last = Math.max(recent.times.at(-1) ?? 0, recent.texts.at(-1)?.at ?? 0);
      if (at - last > IDLE_MS) this.members.delete(key);
    }
  }
}
