import { createClient } from "../../src/bot/client-factory";
import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors/operator-errors";
import { hostOrdinal, parseShardIds, shardsOfOrdinal } from "../../src/sharding/shard-ids";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

describe("parseShardIds", () => {
  it.each([
    ["0..3", [0, 1, 2, 3]],
    ["0,1,2,3", [0, 1, 2, 3]],
    ["0..1,3", [0, 1, 3]],
    [" 3 , 0 .. 1 ", [0, 1, 3]],
    ["2..2", [2]],
    ["1,1,0..1", [0, 1]],
    ["7", [7]],
  ])("reads %j as %j", (text, ids) => {
    expect(parseShardIds(text)).toEqual({ ids });
  });

  it.each([
    ["3..1", "has the reversed range 3..1: write 1..3"],
    ["a", 'must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("a" is neither)'],
    ["0..x", 'must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("0..x" is neither)'],
    ["-1", 'must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("-1" is neither)'],
    ["0...2", 'must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("0...2" is neither)'],
    [",", "lists no shard: give shard numbers like 0,1 or a range like 0..3"],
  ])("refuses %j: %s", (text, problem) => {
    expect(parseShardIds(text)).toEqual({ problem });
  });

  it("refuses an id at or past SHARD_COUNT, and only when the count is known", () => {
    expect(parseShardIds("0..4", 4)).toEqual({
      problem: "names shard 4, but SHARD_COUNT is 4: shards are numbered 0 to 3",
    });
    expect(parseShardIds("0..3", 4)).toEqual({ ids: [0, 1, 2, 3] });
    expect(parseShardIds("0..4")).toEqual({ ids: [0, 1, 2, 3, 4] });
  });
});

describe("SHARD_IDS in the configuration", () => {
  it("accepts ranges and lists and hands discord.js the numbers", () => {
    const config = loadConfig({ SHARD_COUNT: "4", SHARD_IDS: "0..1,3" });
    expect(config.SHARD_IDS).toEqual([0, 1, 3]);
    const client = createClient(config, [], {});
    expect(client.options.shards).toEqual([0, 1, 3]);
    expect(client.options.shardCount).toBe(4);
    void client.destroy();
  });

  it.each([
    ["3..1", {}, 'SHARD_IDS has the reversed range 3..1: write 1..3 (got "3..1")'],
    [
      "zero",
      {},
      'SHARD_IDS must list shard numbers or ranges, like 0,1 or 0..3 or 0..1,3 ("zero" is neither) (got "zero")',
    ],
    [" , ", {}, 'SHARD_IDS lists no shard: give shard numbers like 0,1 or a range like 0..3 (got " , ")'],
    [
      "2..4",
      { SHARD_COUNT: "4" },
      'SHARD_IDS names shard 4, but SHARD_COUNT is 4: shards are numbered 0 to 3 (got "2..4")',
    ],
  ])("refuses SHARD_IDS=%j with one line", (value, env: Record<string, string>, problem) => {
    expect(problemsOf({ ...env, SHARD_IDS: value })).toEqual([problem]);
  });

  it("treats an empty SHARD_IDS as unset, like every setting", () => {
    expect(loadConfig({ SHARD_IDS: "" }).SHARD_IDS).toBeUndefined();
  });
});

describe("SHARD_IDS_FROM_HOSTNAME (a StatefulSet pod's ordinal)", () => {
  it("reads the trailing ordinal of a host name", () => {
    expect(hostOrdinal("warden-2")).toBe(2);
    expect(hostOrdinal("warden-shards-10")).toBe(10);
    expect(hostOrdinal("warden")).toBeUndefined();
    expect(hostOrdinal("warden-2a")).toBeUndefined();
  });

  it("gives each pod its group of consecutive shards, the last one possibly fewer", () => {
    expect(shardsOfOrdinal(2, 1, 4)).toEqual({ ids: [2] });
    expect(shardsOfOrdinal(1, 2, 4)).toEqual({ ids: [2, 3] });
    expect(shardsOfOrdinal(1, 3, 5)).toEqual({ ids: [3, 4] });
  });

  it("sets SHARD_IDS from HOSTNAME", () => {
    const base = { SHARD_IDS_FROM_HOSTNAME: "true", SHARD_COUNT: "4" };
    expect(loadConfig({ ...base, HOSTNAME: "warden-3" }).SHARD_IDS).toEqual([3]);
    expect(loadConfig({ ...base, HOSTNAME: "warden-1", SHARDS_PER_PROCESS: "2" }).SHARD_IDS).toEqual([2, 3]);
    expect(loadConfig({ SHARD_COUNT: "4", HOSTNAME: "warden-3" }).SHARD_IDS).toBeUndefined();
  });

  it.each([
    [
      { HOSTNAME: "warden-4" },
      "SHARD_IDS_FROM_HOSTNAME gives pod ordinal 4 shard 4 onwards, but SHARD_COUNT is 4: run 4 replicas (SHARD_COUNT / SHARDS_PER_PROCESS)",
    ],
    [
      { HOSTNAME: "warden-2", SHARDS_PER_PROCESS: "2" },
      "SHARD_IDS_FROM_HOSTNAME gives pod ordinal 2 shard 4 onwards, but SHARD_COUNT is 4: run 2 replicas (SHARD_COUNT / SHARDS_PER_PROCESS)",
    ],
    [
      { HOSTNAME: "laptop" },
      'SHARD_IDS_FROM_HOSTNAME needs a host name ending in -<number>, as a StatefulSet pod\'s (warden-2); this one is "laptop"',
    ],
    [
      { HOSTNAME: "warden-0", SHARD_IDS: "1" },
      "SHARD_IDS_FROM_HOSTNAME is on, and SHARD_IDS is set too: choose one",
    ],
    [
      { HOSTNAME: "warden-0", SHARD_COUNT: "" },
      "SHARD_IDS_FROM_HOSTNAME needs SHARD_COUNT (the total number of shards)",
    ],
  ])("refuses %j with one line", (env: Record<string, string>, problem) => {
    expect(problemsOf({ SHARD_IDS_FROM_HOSTNAME: "true", SHARD_COUNT: "4", ...env })).toEqual([problem]);
  });
});

describe("SHARD_IDS and SHARD_COUNT a hurried operator gets wrong: one line each, never a crash", () => {
  it("refuses SHARD_IDS without SHARD_COUNT (discord.js would take the count of the ids listed: 2..3 alone is an invalid shard, 0..1 alone every guild)", () => {
    expect(problemsOf({ SHARD_IDS: "2..3" })).toEqual([
      "SHARD_IDS needs SHARD_COUNT, the total number of shards across every process (got [2,3])",
    ]);
    expect(problemsOf({ SHARD_IDS: "0..1", SHARD_COUNT: "4" })).toEqual([]);
  });

  it.each([
    [
      { SHARD_COUNT: "4", SHARD_IDS: "0..99999999999" },
      'SHARD_IDS names shard 99999999999, but SHARD_COUNT is 4: shards are numbered 0 to 3 (got "0..99999999999")',
    ],
    [
      { SHARD_COUNT: "4", SHARD_IDS: "3,99999999999999999999" },
      'SHARD_IDS names shard 100000000000000000000, but SHARD_COUNT is 4: shards are numbered 0 to 3 (got "3,99999999999999999999")',
    ],
    [
      { SHARD_COUNT: "100000000", SHARD_IDS: "0..99999999" },
      'SHARD_IDS lists 100000000 shards: one process runs at most 10000 (got "0..99999999")',
    ],
    [{ SHARD_COUNT: "four" }, 'SHARD_COUNT must be a whole number of shards, at least 1 (got "four")'],
  ])("refuses %j with one line, at once", (env: Record<string, string>, problem) => {
    const started = Date.now();
    expect(problemsOf(env)).toEqual([problem]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
