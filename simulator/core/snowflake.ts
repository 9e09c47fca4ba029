/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds. */
export const DISCORD_EPOCH = 1420070400000n;

const MAX_INCREMENT = 0xfffn;
let lastTimestamp = 0n;
let increment = 0n;

/**
 * A real, timestamp-based snowflake (timestamp << 22 | worker 1 << 17 | process 1 << 12 | increment).
 * Ids are unique and strictly increasing within the process, even when many are made in one millisecond.
 */
export function generateSnowflake(nowMs: number = Date.now()): string {
  let timestamp = BigInt(Math.floor(nowMs)) - DISCORD_EPOCH;
  if (timestamp <= lastTimestamp) {
    timestamp = lastTimestamp;
    increment += 1n;
    if (increment > MAX_INCREMENT) {
      timestamp += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = timestamp;
  return ((timestamp << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

const pastIncrements = new Map<bigint, bigint>();

/**
 * A snowflake for a moment in the past (seeded history): worker 3, so it never equals one
 * `generateSnowflake` made; unique per millisecond up to 4096 ids.
 */
export function snowflakeAt(ms: number): string {
  const timestamp = BigInt(Math.floor(ms)) - DISCORD_EPOCH;
  const next = pastIncrements.get(timestamp) ?? 0n;
  if (next > MAX_INCREMENT) throw new Error(`more than 4096 seeded snowflakes at ${ms}`);
  pastIncrements.set(timestamp, next + 1n);
  return ((timestamp << 22n) | (3n << 17n) | (1n << 12n) | next).toString();
}

/** The shard a guild belongs to, as Discord computes it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The creation time (ms since the Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * A fresh guild id that lands on `shardId` when the bot runs `shardCount` shards. It is a real snowflake
 * whose timestamp lies at most `shardCount` ms in the past.
 */
export function guildIdForShard(shardId: number, shardCount: number): string {
  const base = Date.now() - shardCount;
  for (let offset = 0; offset < shardCount; offset += 1) {
    const candidate = (BigInt(base + offset) - DISCORD_EPOCH) << 22n;
    if (shardOf(candidate.toString(), shardCount) === shardId) {
      return (candidate | (2n << 17n) | BigInt(nextGuildIncrement())).toString();
    }
  }
  throw new Error(`shard ${shardId} is outside 0..${shardCount - 1}`);
}

let guildIncrement = 0;
function nextGuildIncrement(): number {
  guildIncrement = (guildIncrement + 1) & 0xfff;
  return guildIncrement;
}
