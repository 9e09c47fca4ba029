import { useFaultWorld } from "./matrix/fault-world";
import { checkIntegrity } from "./matrix/invariants";
import { runJobOutage } from "./matrix/job-outage";
import { healthyCombos, jobCombos, runJobRow } from "./matrix/job-phase";
import { JOB_ROWS } from "./matrix/job-rows";

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
    // Each row's faults at once beside its healthy guilds, the rows side by side; then the outage, for all.
    const rows = await Promise.all(
      JOB_ROWS.map((row) =>
        runJobRow(
          world,
          [...FAULTY, ...HEALTHY].filter((combo) => combo.row === row),
        ),
      ),
    );
    for (const [label, outcome] of rows.flatMap((row) => [...row])) outcomes.set(label, outcome);
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
