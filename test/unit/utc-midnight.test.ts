import { clearOfUtcMidnight } from "../support/utc-midnight";

describe("clearOfUtcMidnight (test support)", () => {
  afterEach(() => jest.useRealTimers());

  it("waits past a UTC midnight that is closer than the margin", async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 23, 59, 30) });
    let settled = false;
    const waiting = clearOfUtcMidnight(60_000).then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1_000);
    await waiting;
    expect(new Date(Date.now()).getUTCDate()).toBe(7);
  });

  it("returns at once when midnight is further away than the margin", async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 23, 57, 0) });
    let settled = false;
    const waiting = clearOfUtcMidnight(60_000).then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    await waiting;
  });
});
