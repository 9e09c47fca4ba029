import { BoundedQueue } from "../../src/buffers/bounded-queue";

describe("BoundedQueue", () => {
  it("holds at most its capacity, dropping the oldest and saying how many", () => {
    const queue = new BoundedQueue<number>(3);
    const dropped = Array.from({ length: 10 }, (_, index) => queue.push(index));
    expect(dropped).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(queue.length).toBe(3);
    expect(queue.takeAll()).toEqual([7, 8, 9]);
    expect(queue.length).toBe(0);
  });

  it("puts taken items back before newer ones, dropping the oldest that no longer fit", () => {
    const queue = new BoundedQueue<string>(4);
    for (const item of ["a", "b", "c"]) queue.push(item);
    const taken = queue.takeAll();
    for (const item of ["d", "e"]) queue.push(item);
    expect(queue.putBack(taken)).toBe(1);
    expect(queue.takeAll()).toEqual(["b", "c", "d", "e"]);
    expect(queue.putBack(["x"])).toBe(0);
    expect(queue.takeAll()).toEqual(["x"]);
  });

  it("stays in order across many drops (compaction included)", () => {
    const queue = new BoundedQueue<number>(1000);
    for (let index = 0; index < 25_000; index += 1) queue.push(index);
    const kept = queue.takeAll();
    expect(kept).toHaveLength(1000);
    expect(kept[0]).toBe(24_000);
    expect(kept.every((value, index) => value === 24_000 + index)).toBe(true);
  });
});
