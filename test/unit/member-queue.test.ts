import { Incidents } from "../../src/bot/incidents";
import { MAX_WAITING_MEMBERS, MemberQueue } from "../../src/cogs/restrictions/member-queue";
import { DatabaseUnavailableError } from "../../src/errors/database-errors";
import { createLogger } from "../../src/logger";

function queue(): { queue: MemberQueue; failures: string[] } {
  const logger = createLogger("silent");
  const incidents = new Incidents(logger);
  const failures: string[] = [];
  incidents.onFailure((failure) => failures.push(`${failure.kind} ${failure.source}`));
  return { queue: new MemberQueue(logger, incidents), failures };
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const member = (userId: string, what = "join") => ({ guildId: "1", userId, what });

describe("MemberQueue", () => {
  it("runs one member's events in order, another member's alongside", async () => {
    const { queue: events } = queue();
    const order: string[] = [];
    const first = gate();
    const update = events.run(member("2", "roles changed"), async () => {
      await first.opened;
      order.push("update");
    });
    const join = events.run(member("2"), async () => void order.push("join"));
    await events.run(member("3"), async () => void order.push("other"));
    expect(order).toEqual(["other"]);
    first.open();
    await Promise.all([update, join]);
    expect(order).toEqual(["other", "update", "join"]);
  });

  it("retries an outage until it goes through, reports anything else once and goes on", async () => {
    const { queue: events, failures } = queue();
    let tries = 0;
    await events.run(member("2"), async () => {
      tries += 1;
      if (tries < 3) throw new DatabaseUnavailableError("away");
    });
    expect(tries).toBe(3);
    await events.run(member("2"), () => Promise.reject(new Error("boom")));
    let after = false;
    await events.run(member("2"), async () => void (after = true));
    expect([failures, after]).toEqual([["incident member join"], true]);
  });

  it("drops a new member's event past the bound, and gives up waiting at stop", async () => {
    const { queue: events, failures } = queue();
    const held = gate();
    const waiting = Array.from({ length: MAX_WAITING_MEMBERS }, (_, index) =>
      events.run(member(String(index + 10)), () => held.opened),
    );
    let ran = false;
    await events.run(member("9"), async () => void (ran = true));
    expect(ran).toBe(false);
    held.open();
    await Promise.all(waiting);

    let tries = 0;
    const outage = events.run(member("2"), async () => {
      tries += 1;
      throw new DatabaseUnavailableError("away");
    });
    await events.stop();
    await outage;
    expect(tries).toBe(1); // woken at stop, it gives up without trying again
    expect(failures).toEqual(["outage member join"]);
  });

  it("keeps one whole-state event waiting per member however many arrive, never jumping a join", async () => {
    const { queue: events } = queue();
    const outage = gate();
    const seen: string[] = [];
    const change = (label: string) =>
      events.run({ ...member("2", "roles changed"), latestWins: true }, async () => void seen.push(label));
    const first = events.run(member("2", "roles changed"), () => outage.opened); // stuck on the outage
    const changes = Array.from({ length: 5000 }, (_, index) => change(`change ${index}`));
    const join = events.run(member("2"), async () => void seen.push("join"));
    const later = [change("after join 1"), change("after join 2")];
    outage.open();
    await Promise.all([first, ...changes, join, ...later]);
    expect(seen).toEqual(["change 4999", "join", "after join 2"]);
  });
});
