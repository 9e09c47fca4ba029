import pino from "pino";
import { Deadlines } from "../../src/bot/interactions/deadlines";
import { InteractionResponder, type RepliableInteraction } from "../../src/bot/interactions/responder";
import { eventually } from "../support/eventually";

/** Counts Node timers armed while `work` runs. */
function timersArmedBy(work: () => void): number {
  const spy = jest.spyOn(global, "setTimeout");
  try {
    work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("Deadlines", () => {
  it("runs each callback once its deadline passes, earliest first, and never a cancelled one", async () => {
    const deadlines = new Deadlines();
    const ran: string[] = [];
    const now = Date.now();
    deadlines.add(now + 60, () => ran.push("late"));
    const cancelled = deadlines.add(now + 30, () => ran.push("cancelled"));
    deadlines.add(now + 20, () => ran.push("early"));
    deadlines.add(now + 40, () => ran.push("middle"));
    cancelled.cancel();
    cancelled.cancel(); // twice is harmless
    expect(deadlines.size).toBe(3);
    await eventually(() => ran.length === 3, 3000, "three deadlines");
    expect(ran).toEqual(["early", "middle", "late"]);
    expect(deadlines.size).toBe(0);
  });

  it("runs a deadline added after the timer was armed for a later one on time", async () => {
    const deadlines = new Deadlines();
    const ran: string[] = [];
    deadlines.add(Date.now() + 5000, () => ran.push("later"));
    deadlines.add(Date.now() + 10, () => ran.push("sooner"));
    await eventually(() => ran.length === 1, 3000, "the sooner deadline");
    expect(ran).toEqual(["sooner"]);
    expect(deadlines.size).toBe(1);
  });

  it("arms one Node timer for many deadlines added and cancelled in turn", () => {
    const deadlines = new Deadlines();
    const armed = timersArmedBy(() => {
      for (let index = 0; index < 100; index += 1)
        deadlines.add(Date.now() + 2000 + index, () => undefined).cancel();
    });
    expect(armed).toBe(1);
    expect(deadlines.size).toBe(0);
  });
});

describe("InteractionResponder's automatic defer", () => {
  const logger = pino({ level: "silent" });
  const options = { autoDeferMs: 2000, ephemeral: false, deferAsUpdate: false };

  it("costs no Node timer of its own per interaction answered", () => {
    const deadlines = new Deadlines();
    const armed = timersArmedBy(() => {
      for (let index = 0; index < 50; index += 1) {
        const interaction = {
          id: String(index),
          createdTimestamp: Date.now(),
        } as unknown as RepliableInteraction;
        new InteractionResponder(interaction, options, logger, deadlines).dispose();
      }
    });
    expect(armed).toBeLessThanOrEqual(1);
  });

  it("defers an interaction nobody answered once its time is up", async () => {
    const deferred: string[] = [];
    const interaction = {
      id: "1",
      createdTimestamp: Date.now(),
      isMessageComponent: () => false,
      isModalSubmit: () => false,
      deferReply: () => Promise.resolve(void deferred.push("deferred")),
    } as unknown as RepliableInteraction;
    const responder = new InteractionResponder(
      interaction,
      { ...options, autoDeferMs: 20 },
      logger,
      new Deadlines(),
    );
    await eventually(() => deferred.length === 1, 3000, "the automatic defer");
    expect(responder.wasDeferred).toBe(true);
    responder.dispose();
  });
});
