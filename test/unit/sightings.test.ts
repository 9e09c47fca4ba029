import { Sightings } from "../../src/controllers/sightings";

const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minute));

describe("Sightings", () => {
  it("keeps each user's newest moment, and drops those recorded longest ago beyond its capacity", () => {
    const sightings = new Sightings(2);
    expect(sightings.record("a", at(1))).toBe(0);
    expect(sightings.record("b", at(2))).toBe(0);
    expect(sightings.record("a", at(3))).toBe(0); // seen again: now the most recent
    expect(sightings.record("a", at(0))).toBe(0); // an older moment changes nothing
    expect(sightings.record("c", at(4))).toBe(1);
    expect(sightings.takeAll()).toEqual([
      { userId: "a", at: at(3) },
      { userId: "c", at: at(4) },
    ]);
    expect(sightings.size).toBe(0);
  });

  it("puts back what a flush could not write under what was seen since, newest moment winning", () => {
    const sightings = new Sightings(3);
    sightings.record("a", at(5));
    sightings.record("b", at(5));
    const taken = sightings.takeAll();
    sightings.record("a", at(9));
    sightings.record("c", at(1));
    sightings.record("d", at(2));
    expect(sightings.putBack(taken)).toBe(1);
    expect(sightings.takeAll()).toEqual([
      { userId: "a", at: at(9) },
      { userId: "c", at: at(1) },
      { userId: "d", at: at(2) },
    ]);
  });
});
