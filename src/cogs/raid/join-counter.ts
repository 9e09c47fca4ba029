/**
 * Joins per guild in a sliding window, in memory: all of a guild's joins reach the process that owns its
 * shard, so counting there sees them all. Keeps at most `joins + 1` times per guild: enough to tell
 * whether more than `joins` fell within the window.
 */
export class JoinCounter {
  private readonly recent = new Map<string, number[]>();

  /** Counts a join at `nowMs`; true when more than `joins` joins fell within the last `windowMs`. */
  record(guildId: string, nowMs: number, joins: number, windowMs: number): boolean {
    const times = this.recent.get(guildId) ?? [];
    times.push(nowMs);
    const since = nowMs - windowMs;
    while (times.length > 0 && ((times[0] ?? nowMs) <= since || times.length > joins + 1)) times.shift();
    this.recent.set(guildId, times);
    return times.length > joins;
  }

  /** The earliest join still counted for the guild (ms), if any. */
  earliest(guildId: string): number | undefined {
    return this.recent.get(guildId)?.[0];
  }

  forget(guildId: string): void {
    this.recent.delete(guildId);
  }
}
