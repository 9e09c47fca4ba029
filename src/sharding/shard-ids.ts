/** A list of shard ids, or why the text is not one (a phrase that reads after the variable's name). */
export type ShardIdsResult = { ids: number[] } | { problem: string };

const RANGE = /^(\d+)\s*\.\.\s*(\d+)$/;
const SINGLE = /^\d+$/;
/** More shards than one process could ever run (each is a gateway connection): surely a typo. */
export const MAX_SHARDS_PER_PROCESS = 10_000;

/**
 * `0..3`, `0,1,2,3` and mixes like `0..1,3` (both ends of a range included), as sorted distinct ids.
 * With `shardCount`, every id must be below it.
 */
export function parseShardIds(text: string, shardCount?: number): ShardIdsResult {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0)
    return { problem: "lists no shard: give shard numbers like 0,1 or a range like 0..3" };
  // Ranges are checked before they are spelled out: 0..99999999999 is a typo to name, not a list to build.
  const ranges: Array<[number, number]> = [];
  for (const part of parts) {
    const range = RANGE.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) return { problem: `has the reversed range ${part}: write ${to}..${from}` };
      ranges.push([from, to]);
    } else if (SINGLE.test(part)) {
      ranges.push([Number(part), Number(part)]);
    } else {
      return {
        problem: `must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("${part}" is neither)`,
      };
    }
  }
  const highest = Math.max(...ranges.map(([, to]) => to));
  if (shardCount !== undefined && highest >= shardCount) {
    return {
      problem: `names shard ${highest}, but SHARD_COUNT is ${shardCount}: shards are numbered 0 to ${shardCount - 1}`,
    };
  }
  const listed = ranges.reduce((sum, [from, to]) => sum + (to - from + 1), 0);
  if (listed > MAX_SHARDS_PER_PROCESS) {
    return { problem: `lists ${listed} shards: one process runs at most ${MAX_SHARDS_PER_PROCESS}` };
  }
  const ids = new Set<number>();
  for (const [from, to] of ranges) for (let id = from; id <= to; id += 1) ids.add(id);
  return { ids: [...ids].sort((a, b) => a - b) };
}

/** The StatefulSet pod ordinal at the end of a host name (`warden-2` → 2), or undefined. */
export function hostOrdinal(hostname: string): number | undefined {
  const match = /-(\d+)$/.exec(hostname.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * The shards of the process whose host name ends in `ordinal` when each process runs `perProcess`
 * consecutive shards: pod 0 runs 0..perProcess-1, pod 1 the next group, and so on (the last may run fewer).
 */
export function shardsOfOrdinal(ordinal: number, perProcess: number, shardCount: number): ShardIdsResult {
  const first = ordinal * perProcess;
  if (first >= shardCount) {
    return {
      problem:
        `gives pod ordinal ${ordinal} shard ${first} onwards, but SHARD_COUNT is ${shardCount}: ` +
        `run ${Math.ceil(shardCount / perProcess)} replicas (SHARD_COUNT / SHARDS_PER_PROCESS)`,
    };
  }
  const last = Math.min(first + perProcess, shardCount) - 1;
  return { ids: Array.from({ length: last - first + 1 }, (_, index) => first + index) };
}

/** What SHARD_IDS_FROM_HOSTNAME decides, or the one line saying why it cannot. */
export function shardsFromHostname(input: {
  hostname: string;
  shardIds: readonly number[] | undefined;
  shardCount: number | undefined;
  perProcess: number;
}): ShardIdsResult {
  const { hostname, shardCount } = input;
  if (input.shardIds) return { problem: "is on, and SHARD_IDS is set too: choose one" };
  if (shardCount === undefined) return { problem: "needs SHARD_COUNT (the total number of shards)" };
  const ordinal = hostOrdinal(hostname);
  if (ordinal === undefined) {
    return {
      problem: `needs a host name ending in -<number>, as a StatefulSet pod's (warden-2); this one is "${hostname}"`,
    };
  }
  return shardsOfOrdinal(ordinal, input.perProcess, shardCount);
}
