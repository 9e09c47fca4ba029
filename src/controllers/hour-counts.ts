/**
 * Messages per hour of one member between flushes. Nearly every member speaks within one hour of a flush
 * interval, so the first hour is two fields and a Map is made only for a second one: a buffer holds one of
 * these per member for seconds, long enough for V8 to move it to the old generation, so its size counts.
 */
export class HourCounts implements Iterable<[hour: number, messages: number]> {
  private more: Map<number, number> | undefined;

  /** `hour` is the hour's start in epoch milliseconds. */
  constructor(
    private readonly firstHour: number,
    private firstCount = 1,
  ) {}

  add(hour: number, messages = 1): void {
    if (hour === this.firstHour) {
      this.firstCount += messages;
      return;
    }
    this.more ??= new Map();
    this.more.set(hour, (this.more.get(hour) ?? 0) + messages);
  }

  *[Symbol.iterator](): Iterator<[hour: number, messages: number]> {
    yield [this.firstHour, this.firstCount];
    if (this.more) yield* this.more;
  }
}
