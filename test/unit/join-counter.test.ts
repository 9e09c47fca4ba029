import { JoinCounter } from "../../src/cogs/raid/join-counter";

describe("JoinCounter", () => {
  it("is over only once more than `joins` joins fall within the window", () => {
    const counter = new JoinCounter();
    const over = Array.from({ length: 5 }, (_, i) => counter.record("g", 1000 + i, 3, 10_000));
    expect(over).toEqual([false, false, false, true, true]);
  });

  it("forgets joins older than the window, and counts each guild on its own", () => {
    const counter = new JoinCounter();
    for (const at of [0, 1, 2]) counter.record("g", at, 3, 10_000);
    expect(counter.record("other", 3, 3, 10_000)).toBe(false);
    expect(counter.record("g", 10_001, 3, 10_000)).toBe(false); // the join at 0 and 1 fell out
    expect(counter.record("g", 10_002, 3, 10_000)).toBe(false); // and the one at 2
    expect(counter.record("g", 10_003, 3, 10_000)).toBe(false);
    expect(counter.record("g", 10_004, 3, 10_000)).toBe(true);
  });

  it("starts afresh for a guild it was told to forget", () => {
    const counter = new JoinCounter();
    for (const at of [0, 1, 2, 3]) counter.record("g", at, 3, 10_000);
    counter.forget("g");
    expect(counter.record("g", 4, 3, 10_000)).toBe(false);
  });
});
