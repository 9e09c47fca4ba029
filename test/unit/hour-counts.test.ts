import { HourCounts } from "../../src/controllers/hour-counts";

const HOUR = 3_600_000;

describe("HourCounts", () => {
  it("counts messages in the first hour without a second entry", () => {
    const counts = new HourCounts(10 * HOUR);
    counts.add(10 * HOUR);
    counts.add(10 * HOUR, 3);
    expect([...counts]).toEqual([[10 * HOUR, 5]]);
  });

  it("keeps every other hour apart, in the order they came", () => {
    const counts = new HourCounts(10 * HOUR, 2);
    counts.add(11 * HOUR);
    counts.add(9 * HOUR, 4);
    counts.add(11 * HOUR);
    expect([...counts]).toEqual([
      [10 * HOUR, 2],
      [11 * HOUR, 2],
      [9 * HOUR, 4],
    ]);
  });
});
