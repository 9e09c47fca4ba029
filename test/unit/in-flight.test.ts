import { InFlight, type SlowWork } from "../../src/bot/interactions/in-flight";

describe("InFlight", () => {
  it("reports work running past its bound once, and nothing that finished", async () => {
    let now = 1_000;
    const slow: SlowWork[] = [];
    const inFlight = new InFlight(
      (work) => slow.push(work),
      30_000,
      () => now,
    );
    let finishQuick: () => void = () => undefined;
    const quick = inFlight.track(new Promise<void>((resolve) => (finishQuick = resolve)), "1", "/ping");
    const stuck = new Promise<void>(() => undefined);
    void inFlight.track(stuck, "2", () => "/give");
    finishQuick();
    await quick;
    now += 29_999;
    inFlight.reportSlow();
    expect(slow).toEqual([]);
    now += 1;
    inFlight.reportSlow();
    inFlight.reportSlow();
    expect(slow).toEqual([{ id: "2", label: "/give", runningMs: 30_000 }]);
    expect(inFlight.size).toBe(1);
  });

  it("works out a label only for work that turned out slow", async () => {
    let now = 0;
    const slow: SlowWork[] = [];
    const inFlight = new InFlight(
      (work) => slow.push(work),
      1_000,
      () => now,
    );
    let asked = 0;
    const label = (): string => `/ping ${(asked += 1)}`;
    await inFlight.track(Promise.resolve(), "1", label);
    void inFlight.track(new Promise<void>(() => undefined), "2", label);
    now += 1_000;
    inFlight.reportSlow();
    expect(slow).toEqual([{ id: "2", label: "/ping 1", runningMs: 1_000 }]);
    expect(inFlight.size).toBe(1);
  });

  it("waits for what is running when drained, with a bound", async () => {
    const inFlight = new InFlight();
    let finish: () => void = () => undefined;
    void inFlight.track(new Promise<void>((resolve) => (finish = resolve)), "1", "/ping");
    expect(await inFlight.drain(10)).toBe(1);
    finish();
    expect(await inFlight.drain(1_000)).toBe(0);
  });
});
