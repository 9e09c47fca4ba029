import { ACTION_ROWS } from "./matrix/action-rows";
import { describeMatrix, runEach } from "./matrix/matrix-suite";
import { runOutagePhase } from "./matrix/outage-phase";
import { controlCombos, outageCombos } from "./matrix/run-combo";

const OUTAGE = outageCombos(ACTION_ROWS);
// Once the database is back, every action works again without a restart.
const AFTER = controlCombos(ACTION_ROWS).map((combo) => ({
  ...combo,
  label: `${combo.row.name} · after the outage`,
}));

/**
 * Each combo held at a step holds one of the bot's REST connections until the outage is arranged: with
 * fewer connections than held combos, the last one would wait for a REST timeout to free one.
 */
const HELD = OUTAGE.filter((combo) => combo.fault.kind === "outage" && combo.fault.step !== "arrival").length;

describeMatrix("actions × PostgreSQL down on arrival and at each step", "outage", [...OUTAGE, ...AFTER], {
  // Requests are held while the outage is arranged: Discord's answers come late, never too late.
  restTimeoutMs: 15_000,
  restConnections: HELD + 8,
  async runAll(world) {
    const outcomes = await runOutagePhase(world, OUTAGE);
    for (const [label, outcome] of await runEach(world, AFTER)) outcomes.set(label, outcome);
    return outcomes;
  },
});
