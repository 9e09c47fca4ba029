import { useFaultWorld } from "./matrix/fault-world";
import { checkIntegrity } from "./matrix/invariants";
import { runJobOutage } from "./matrix/job-outage";
import { healthyCombos, jobCombos, runJobRow } from "./matrix/job-phase";
import { JOB_ROWS, type JobRow } from "./matrix/job-rows";

const FAULTY = jobCombos(JOB_ROWS, false);
const HEALTHY = healthyCombos(JOB_ROWS);
const OUTAGE = jobCombos(JOB_ROWS, true);
const COMBOS = [...FAULTY, ...HEALTHY, ...OUTAGE];

describe(`background jobs × Discord faults, failing statements and PostgreSQL down, one guild among several (${COMBOS.length} combos)`, () => {
  const world = useFaultWorld(
    "jobs",
    COMBOS.map((combo) => combo.label),
  );
  const outcomes = new Map<string, unknown>();

  beforeAll(async () => {
    // Each row's faults at once beside its healthy guilds, the tasks side by side; then the outage, for all.
    // Rows of one task (timed slowmodes and locks) take turns: a run of the task claims every guild's due
    // rows, so one row's run would settle the other's faulty rows while that row moves its retries due.
    const byTask = new Map<string, JobRow[]>();
    for (const row of JOB_ROWS)
      byTask.set(row.task ?? row.name, [...(byTask.get(row.task ?? row.name) ?? []), row]);
    const rows = await Promise.all(
      [...byTask.values()].map(async (taskRows) => {
        const settled: Array<Map<string, unknown>> = [];
        for (const row of taskRows)
          settled.push(
            await runJobRow(
              world,
              [...FAULTY, ...HEALTHY].filter((combo) => combo.row === row),
            ),
          );
        return settled;
      }),
    );
    for (const [label, outcome] of rows.flat().flatMap((row) => [...row])) outcomes.set(label, outcome);
    const outage = await runJobOutage(world, OUTAGE).catch(
      (error: unknown) => new Map(OUTAGE.map((combo) => [combo.label, error])),
    );
    for (const [label, outcome] of outage) outcomes.set(label, outcome);
  }, 240_000);

  it.each(COMBOS.map((combo) => [combo.label]))("%s", (label) => {
    const outcome = outcomes.has(label) ? outcomes.get(label) : new Error("the combo never ran");
    if (outcome !== "ok") throw outcome;
  });

  it("kept the process serving, with no promise left unhandled and the database whole", async () => {
    expect(world.unhandled).toEqual([]);
    await checkIntegrity(world);
  });
});
