import { eventually } from "../../support/eventually";
import type { FaultWorld } from "./fault-world";
import { prepare, reach, routeOf, runJob, SETTLE_MS, type JobCombo, type Prepared } from "./job-phase";

/**
 * Every row's outage combos in one phase (the database is one for all): jobs whose Discord answer is held
 * are started and held, the database goes away, the other work falls due and every job runs while it is
 * away, the held answers are released; nothing settles. Then the database comes back, retries fall due, and
 * everything settles, once.
 */
export async function runJobOutage(
  world: FaultWorld,
  combos: readonly JobCombo[],
): Promise<Map<string, unknown>> {
  const outcomes = new Map<string, unknown>();
  const entries = await prepare(world, combos);
  const during = entries.filter((entry) => entry.combo.fault?.kind === "outage" && entry.combo.fault.during);
  const onArrival = entries.filter((entry) => !during.includes(entry));
  const rows = [...new Set(entries.map((entry) => entry.combo.row))];
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Set<Prepared>();
  for (const entry of during) {
    const { method, path } = routeOf(entry);
    world.sim.faults.inject({ method, path, times: 1, hold: () => (arrived.add(entry), released) });
    await entry.work.fallDue();
  }
  const heldRuns = [...new Set(during.map((entry) => entry.combo.row))].map((row) =>
    runJob(world, row).catch(() => undefined),
  );
  try {
    await eventually(() => arrived.size === during.length, SETTLE_MS, "every held job at Discord");
  } finally {
    world.proxy.down();
    release();
  }
  await Promise.all(heldRuns);
  for (const entry of onArrival) await entry.work.fallDue();
  for (const row of rows) await runJob(world, row).catch(() => undefined);
  const judge = async (entry: Prepared, wanted: string, what: string) => {
    if (outcomes.has(entry.combo.label) && outcomes.get(entry.combo.label) !== "ok") return;
    const outcome = await reach(entry, wanted, what).then(
      () => "ok",
      (error: unknown) => error,
    );
    outcomes.set(entry.combo.label, outcome);
  };
  try {
    await Promise.all(entries.map((entry) => judge(entry, "waiting", "while the database is away")));
  } finally {
    world.proxy.up();
  }
  for (const round of ["once the database is back", "one more run"]) {
    for (const row of rows) {
      await row.due?.(
        world,
        entries.map((entry) => entry.guildId),
      );
      await runJob(world, row).catch(() => undefined);
    }
    await Promise.all(entries.map((entry) => judge(entry, "done", round)));
  }
  return outcomes;
}
