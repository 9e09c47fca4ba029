import type { InteractionHandle } from "../../../simulator";
import { eventually } from "../../support/eventually";
import type { FaultWorld } from "./fault-world";
import type { PreparedRun } from "./rows";
import { inPool, judge, REPLY_WAIT_MS, route, sendInput, type Combo } from "./run-combo";

interface Running {
  combo: Combo;
  run: PreparedRun;
  handle?: InteractionHandle;
  arrived: boolean;
}

/**
 * The database is one for every guild, so its outage is one phase: each combo's command is started and
 * held at its step (Discord keeps the answer to that request), the database goes away, the combos that
 * start on arrival are sent, the held answers are released, every answer is awaited, the database comes
 * back, and each combo is judged once its guild has settled. Resolves with each combo's outcome.
 */
export async function runOutagePhase(
  world: FaultWorld,
  combos: readonly Combo[],
): Promise<Map<string, unknown>> {
  const outcomes = new Map<string, unknown>();
  const running: Running[] = [];
  await inPool(combos, 8, async (combo) => {
    const run = await combo.row.prepare({ world, where: world.guild(combo.label) });
    running.push({ combo, run, arrived: false });
  });
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const send = (entry: Running) =>
    (entry.handle = sendInput(world, world.guild(entry.combo.label).guild.id, entry.run.input));
  const held = running.filter((entry) => stepOf(entry) !== "arrival");
  for (const entry of held) {
    const step = stepOf(entry);
    if (step === "arrival") continue;
    const { method, path } = route(entry.run, step);
    const hold = () => {
      entry.arrived = true;
      return released;
    };
    world.sim.faults.inject({ method, path, hold, times: 1 });
    send(entry);
  }
  try {
    await eventually(() => held.every((entry) => entry.arrived), 20_000, "every command held at its step");
  } finally {
    world.proxy.down();
    for (const entry of running) if (stepOf(entry) === "arrival") send(entry);
    release();
  }
  const replies = await Promise.all(
    running.map((entry) =>
      (entry.handle as InteractionHandle).answer(REPLY_WAIT_MS).then(
        (reply) => ({ entry, reply }),
        (error: unknown) => ({ entry, error }),
      ),
    ),
  );
  world.proxy.up();
  await inPool(replies, 16, async (answer) => {
    const { label } = answer.entry.combo;
    if ("error" in answer) return void outcomes.set(label, answer.error);
    const outcome = await judge(world, answer.entry.combo, answer.entry.run, answer.reply).then(
      () => "ok",
      (error: unknown) => error,
    );
    outcomes.set(label, outcome);
  });
  return outcomes;
}

function stepOf(entry: Running) {
  const { fault } = entry.combo;
  if (fault.kind !== "outage") throw new Error(`${entry.combo.label} is not an outage combo`);
  return fault.step;
}
