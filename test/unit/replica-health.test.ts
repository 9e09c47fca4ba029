import { judgeReplica, type ReplicaState } from "../../src/database/replica-health";

const now = { at: 100_000, lsn: "0/3000100" };
const before = { at: 99_000, lsn: "0/3000000" };
const state = (changes: Partial<ReplicaState>): ReplicaState => ({
  standby: true,
  caughtUp: false,
  caughtUpBefore: false,
  replayAgeMs: null,
  ...changes,
});

describe("judging a replica's lag", () => {
  it("counts a replica that holds the primary's position as not lagging, however old its last replayed transaction (an idle primary)", () => {
    expect(judgeReplica(state({ caughtUp: true, replayAgeMs: 3_600_000 }), now, before, 5000)).toEqual({
      ok: true,
      lagMs: 0,
      holdsCommitsBefore: now.at,
    });
    // Never replayed a transaction (a fresh standby of an idle primary): still caught up.
    expect(judgeReplica(state({ caughtUp: true, replayAgeMs: null }), now, undefined, 5000).ok).toBe(true);
  });

  it("measures a replica behind the primary by its last replayed transaction's age", () => {
    expect(judgeReplica(state({ replayAgeMs: 800 }), now, before, 5000)).toEqual({
      ok: true,
      lagMs: 800,
      holdsCommitsBefore: now.at - 800,
    });
    expect(judgeReplica(state({ replayAgeMs: 6000 }), now, before, 5000)).toEqual({
      ok: false,
      reason: "lagging",
      lagMs: 6000,
    });
  });

  it("bounds the lag by the previous check when the replica holds what the primary had then (writes after a long idle)", () => {
    expect(judgeReplica(state({ caughtUpBefore: true, replayAgeMs: 3_600_000 }), now, before, 5000)).toEqual({
      ok: true,
      lagMs: 1000,
      holdsCommitsBefore: before.at,
    });
  });

  it("skips a replica behind the primary with no replayed transaction to measure, and a server that is not a standby", () => {
    expect(judgeReplica(state({ replayAgeMs: null }), now, before, 5000)).toEqual({
      ok: false,
      reason: "lagging",
    });
    expect(judgeReplica(state({ standby: false, caughtUp: true }), now, before, 5000)).toEqual({
      ok: false,
      reason: "not_standby",
    });
  });
});
