import { DISCORD_FAULTS } from "./discord-faults";
import { eventuallyAsync, type FaultWorld } from "./fault-world";
import type { JobFault, JobRow, JobState, JobWork } from "./job-rows";

/** One job row under one fault, in a guild of its own (or, for a healthy guild, under none). */
export interface JobCombo {
  label: string;
  row: JobRow;
  fault: JobFault | null;
  first: JobState;
}

export const SETTLE_MS = 20_000;

export function jobFaultName(fault: JobFault): string {
  if (fault.kind === "discord") return `Discord ${fault.fault}`;
  if (fault.kind === "statement") return `${fault.step} fails`;
  return fault.during ? "database down while Discord answers" : "database down when it falls due";
}

export function jobCombos(rows: readonly JobRow[], outage: boolean): JobCombo[] {
  return rows.flatMap((row) =>
    row.faults
      .filter(({ fault }) => (fault.kind === "outage") === outage)
      .filter(({ fault }) => !(fault.kind === "outage" && fault.during && !hasRoute(row)))
      .map(({ fault, first }) => ({ label: `${row.name} · ${jobFaultName(fault)}`, row, fault, first })),
  );
}

/** Two guilds per per-guild row with no fault at all: they must settle on the first run, whatever the others do. */
export function healthyCombos(rows: readonly JobRow[]): JobCombo[] {
  return rows
    .filter((row) => row.perGuild)
    .flatMap((row) =>
      [1, 2].map((n) => ({
        label: `${row.name} · healthy guild ${n}`,
        row,
        fault: null,
        first: "done" as const,
      })),
    );
}

function hasRoute(row: JobRow): boolean {
  return row.faults.some(({ fault }) => fault.kind === "discord");
}

export interface Prepared {
  combo: JobCombo;
  work: JobWork;
  guildId: string;
}

export async function prepare(world: FaultWorld, combos: readonly JobCombo[]): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  for (const combo of combos) {
    const where = world.guild(combo.label);
    prepared.push({ combo, work: await combo.row.prepare(world, where), guildId: where.guild.id });
  }
  return prepared;
}

/** Runs the job (its task), or lets the event that starts it do so. */
export async function runJob(world: FaultWorld, row: JobRow): Promise<void> {
  if (row.task) await world.task(row.task).run(world.client());
}

export async function reach(entry: Prepared, wanted: string, what: string): Promise<void> {
  let last = "";
  try {
    await eventuallyAsync(async () => (last = await entry.work.state()) === wanted, SETTLE_MS, what);
  } catch {
    throw new Error(`${entry.combo.label}: ${what}: wanted "${wanted}", found "${last}"`);
  }
}

export function routeOf(entry: Prepared) {
  const route = entry.work.route;
  if (!route) throw new Error(`${entry.combo.label}: the job makes no Discord request to fault`);
  return route;
}

/**
 * One row with every fault at once, each in its own guild, beside healthy guilds: the job runs with the
 * faults armed (healthy guilds settle, each faulty one is left as its row says: refused with a reason, or
 * waiting), the faults go, retries fall due, the job runs again (everything waiting settles; nothing refused
 * is asked again), and once more (nothing is done twice).
 */
export async function runJobRow(
  world: FaultWorld,
  combos: readonly JobCombo[],
): Promise<Map<string, unknown>> {
  const outcomes = new Map<string, unknown>();
  const [first] = combos;
  if (!first) return outcomes;
  const { row } = first;
  const entries = await prepare(world, combos);
  const disarms: Array<() => Promise<void> | void> = [];
  for (const entry of entries) {
    const { fault } = entry.combo;
    if (fault?.kind === "discord")
      disarms.push(world.sim.faults.inject(DISCORD_FAULTS[fault.fault](routeOf(entry))));
    if (fault?.kind === "statement")
      disarms.push(await world.statements.arm(fault.step, entry.work.scope ?? entry.guildId));
  }
  const judge = async (label: string, check: () => Promise<void>) => {
    if (outcomes.has(label) && outcomes.get(label) !== "ok") return;
    outcomes.set(
      label,
      await check().then(
        () => "ok",
        (error: unknown) => error,
      ),
    );
  };
  try {
    for (const entry of entries) await entry.work.fallDue();
    await runJob(world, row).catch(() => undefined); // a run may fail as a whole: that is reported, not fatal
    await Promise.all(
      entries.map((entry) =>
        judge(entry.combo.label, () => reach(entry, entry.combo.first, "the first run")),
      ),
    );
  } finally {
    for (const disarm of disarms) await disarm();
  }
  const asked = new Map(
    entries
      .filter((entry) => entry.combo.first === "refused" && entry.work.route)
      .map((entry) => [entry, requestsOn(world, entry)]),
  );
  for (const round of ["the run after the fault", "one more run"]) {
    await row.due?.(
      world,
      entries.map((entry) => entry.guildId),
    );
    await runJob(world, row).catch(() => undefined);
    await Promise.all(
      entries.map((entry) =>
        judge(entry.combo.label, () =>
          reach(entry, entry.combo.first === "refused" ? "refused" : "done", round),
        ),
      ),
    );
  }
  for (const [entry, count] of asked) {
    await judge(entry.combo.label, async () =>
      expect({ label: entry.combo.label, asked: requestsOn(world, entry) }).toEqual({
        label: entry.combo.label,
        asked: count,
      }),
    );
  }
  return outcomes;
}

function requestsOn(world: FaultWorld, entry: Prepared): number {
  const route = routeOf(entry);
  return world.sim.requests.filter(route.method, route.path).length;
}
