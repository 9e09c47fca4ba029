import { useFaultWorld, type FaultWorld } from "./fault-world";
import { checkIntegrity } from "./invariants";
import { inPool, runCombo, type Combo } from "./run-combo";

/** How many combos run at once (each in its own guild). */
const CONCURRENCY = 16;

export type Outcomes = Map<string, unknown>;

/** Each combo on its own, `CONCURRENCY` at a time. */
export async function runEach(world: FaultWorld, combos: readonly Combo[]): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  await inPool(combos, CONCURRENCY, async (combo) => {
    const outcome = await runCombo(world, combo).then(
      () => "ok",
      (error: unknown) => error,
    );
    outcomes.set(combo.label, outcome);
  });
  return outcomes;
}

/**
 * One world for `combos`, all run before the tests (by `runAll`, each on its own by default), then one test
 * per combo reporting its own outcome, and one for the process as a whole.
 */
export function describeMatrix(
  title: string,
  worldName: string,
  combos: readonly Combo[],
  options: {
    runAll?: (world: FaultWorld) => Promise<Outcomes>;
    restTimeoutMs?: number;
    restConnections?: number;
  } = {},
): void {
  const runAll = options.runAll ?? ((world: FaultWorld) => runEach(world, combos));
  describe(`${title} (${combos.length} combos, one guild each)`, () => {
    const world = useFaultWorld(
      worldName,
      combos.map((combo) => combo.label),
      {
        ...(options.restTimeoutMs === undefined ? {} : { restTimeoutMs: options.restTimeoutMs }),
        ...(options.restConnections === undefined ? {} : { restConnections: options.restConnections }),
      },
    );
    let outcomes: Outcomes = new Map();

    beforeAll(async () => {
      outcomes = await runAll(world);
    }, 240_000);

    it.each(combos.map((combo) => [combo.label]))("%s", (label) => {
      const outcome = outcomes.has(label) ? outcomes.get(label) : new Error("the combo never ran");
      if (outcome !== "ok") throw outcome;
    });

    it("kept the process serving, with no promise left unhandled and the database whole", async () => {
      expect(world.unhandled).toEqual([]);
      await checkIntegrity(world);
    });
  });
}
