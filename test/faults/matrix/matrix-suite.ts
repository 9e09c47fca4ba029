import { useFaultWorld } from "./fault-world";
import { checkIntegrity } from "./invariants";
import { inPool, runCombo, type Combo } from "./run-combo";

/** How many combos run at once (each in its own guild). */
const CONCURRENCY = 16;

/**
 * One world for `combos`, all run at once (bounded) before the tests, then one test per combo reporting
 * its own outcome, and one for the process as a whole.
 */
export function describeMatrix(title: string, worldName: string, combos: readonly Combo[]): void {
  describe(`${title} (${combos.length} combos, one guild each, run at once)`, () => {
    const world = useFaultWorld(
      worldName,
      combos.map((combo) => combo.label),
    );
    const outcomes = new Map<string, unknown>();

    beforeAll(async () => {
      await inPool(combos, CONCURRENCY, async (combo) => {
        const outcome = await runCombo(world, combo).then(
          () => "ok",
          (error: unknown) => error,
        );
        outcomes.set(combo.label, outcome);
      });
    }, 240_000);

    it.each(combos.map((combo) => [combo.label]))("%s", (label) => {
      const outcome = outcomes.get(label);
      if (outcome !== "ok") throw outcome;
    });

    it("kept the process serving, with no promise left unhandled and the database whole", async () => {
      expect(world.unhandled).toEqual([]);
      await checkIntegrity(world);
    });
  });
}
