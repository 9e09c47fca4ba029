import { useFaultWorld } from "./matrix/fault-world";
import { checkIntegrity } from "./matrix/invariants";
import { MODERATION_ROWS } from "./matrix/moderation-rows";
import { controlCombos, discordCombos, inPool, runCombo } from "./matrix/run-combo";

const ROWS = [...MODERATION_ROWS];
const COMBOS = [...controlCombos(ROWS), ...discordCombos(ROWS)];

describe(`actions × Discord faults at every step (${COMBOS.length} combos, one guild each, run at once)`, () => {
  const world = useFaultWorld("discord", COMBOS.map((combo) => combo.label));
  const outcomes = new Map<string, unknown>();

  beforeAll(async () => {
    await inPool(COMBOS, 16, async (combo) => {
      outcomes.set(
        combo.label,
        await runCombo(world, combo).then(
          () => "ok",
          (error: unknown) => error,
        ),
      );
    });
  }, 240_000);

  it.each(COMBOS.map((combo) => [combo.label]))("%s", (label) => {
    const outcome = outcomes.get(label);
    if (outcome !== "ok") throw outcome;
  });

  it("kept the process serving, with no promise left unhandled and the database whole", async () => {
    expect(world.unhandled).toEqual([]);
    await checkIntegrity(world);
  });
});
