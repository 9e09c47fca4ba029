import type { InteractionHandle, SimMessage } from "../../../simulator";
import { DISCORD_FAULTS, DISCORD_FAULT_NAMES, type DiscordFaultName } from "./discord-faults";
import { eventuallyAsync, type FaultWorld } from "./fault-world";
import { checkGuild } from "./invariants";
import {
  APPLIED,
  statementName,
  UNTOUCHED,
  type ActionRow,
  type DiscordStepName,
  type PreparedRun,
  type RowInput,
  type StatementCombo,
} from "./rows";

export type ComboFault =
  | { kind: "none" }
  | { kind: "discord"; step: DiscordStepName; fault: DiscordFaultName }
  | { kind: "statement"; combo: StatementCombo }
  /** The database goes away when the command arrives, or while Discord holds the answer to a step. */
  | { kind: "outage"; step: DiscordStepName | "arrival" };

/** One row under one fault, in a guild of its own. */
export interface Combo {
  label: string;
  row: ActionRow;
  fault: ComboFault;
}

/** How long a deferred answer may take (timeouts: discord.js tries 4 times). */
export const REPLY_WAIT_MS = 30_000;
/** How long background work (confirming, voiding) may take to settle once the fault is gone. */
export const SETTLE_WAIT_MS = 20_000;

export const controlCombos = (rows: readonly ActionRow[]): Combo[] =>
  rows.map((row) => ({ label: `${row.name} · no fault`, row, fault: { kind: "none" } }));

export const discordCombos = (
  rows: readonly ActionRow[],
  faults: readonly DiscordFaultName[] = DISCORD_FAULT_NAMES,
): Combo[] =>
  rows.flatMap((row) =>
    row.discordSteps.flatMap((step) =>
      faults.map((fault): Combo => ({
        label: `${row.name} · Discord ${fault} at ${step}`,
        row,
        fault: { kind: "discord", step, fault },
      })),
    ),
  );

export const statementCombos = (rows: readonly ActionRow[]): Combo[] =>
  rows.flatMap((row) =>
    row.statementSteps.map((combo): Combo => ({
      label: `${row.name} · ${statementName(combo)} fails`,
      row,
      fault: { kind: "statement", combo },
    })),
  );

export const outageCombos = (rows: readonly ActionRow[]): Combo[] =>
  rows.flatMap((row) =>
    (["arrival", ...row.discordSteps] as const).map((step): Combo => ({
      label: `${row.name} · database down ${step === "arrival" ? "on arrival" : `during ${step}`}`,
      row,
      fault: { kind: "outage", step },
    })),
  );

/** Runs `work` over `items`, `concurrency` at a time; resolves when all are done. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

export function route(run: PreparedRun, step: DiscordStepName) {
  const found = run.routes[step];
  if (!found) throw new Error(`the row has no route for its ${step} step`);
  return found;
}

/** Sends a row's interaction in its guild: the command, or the form a menu opened. */
export function sendInput(world: FaultWorld, guildId: string, input: RowInput): InteractionHandle {
  if ("modal" in input) return world.sim.modalSubmit({ guildId, userId: input.userId, ...input.modal });
  if ("button" in input) return world.sim.button({ guildId, userId: input.userId, ...input.button });
  if ("dmModal" in input) return world.sim.dmModalSubmit({ userId: input.userId, ...input.dmModal });
  return world.sim.command({ guildId, ...input });
}

/** Arms the combo's fault; resolves with what removes it. */
async function arm(
  world: FaultWorld,
  combo: Combo,
  run: PreparedRun,
  guildId: string,
): Promise<() => Promise<void>> {
  const { fault } = combo;
  if (fault.kind === "none" || fault.kind === "outage") return () => Promise.resolve();
  if (fault.kind === "discord") {
    const remove = world.sim.faults.inject(DISCORD_FAULTS[fault.fault](route(run, fault.step)));
    return () => Promise.resolve(remove());
  }
  const { combo: statement } = fault;
  const step = typeof statement === "string" ? statement : statement.step;
  const disarm = await world.statements.arm(step, run.scopes?.[step] ?? guildId);
  const after = typeof statement === "string" ? undefined : statement.after;
  const remove = after
    ? world.sim.faults.inject(DISCORD_FAULTS[after.fault](route(run, after.step)))
    : () => undefined;
  return async () => {
    remove();
    await disarm();
  };
}

/**
 * Runs one combo and asserts what every combo must show: an answer (the simulator refuses one later than
 * Discord's 3 s), short and human, an incident id only for an injected statement failure (and then logged
 * under it); once the fault is gone and background work has settled, records and Discord agree with the
 * answer — done and applied, or refused and untouched — and the guild's cases are whole.
 */
export async function runCombo(world: FaultWorld, combo: Combo): Promise<void> {
  const where = world.guild(combo.label);
  const run = await combo.row.prepare({ world, where });
  const disarm = await arm(world, combo, run, where.guild.id);
  let reply: SimMessage;
  try {
    reply = await sendInput(world, where.guild.id, run.input).answer(REPLY_WAIT_MS);
  } finally {
    await disarm();
  }
  await judge(world, combo, run, reply);
}

/** The assertions of `runCombo`, once the combo's answer is in and its fault gone. */
export async function judge(
  world: FaultWorld,
  combo: Combo,
  run: PreparedRun,
  reply: SimMessage,
): Promise<void> {
  const where = world.guild(combo.label);
  checkAnswer(world, reply, combo.fault.kind === "statement");
  await settled(world, where.guild.id);
  const done = combo.row.done.test(reply.content);
  // MATRIX_VERBOSE=1 shows every combo's answer, to read what moderators would be told.
  if (process.env.MATRIX_VERBOSE) console.log(`${combo.label} → ${reply.content}`);
  const state = await run.state(reply.content);
  expect({ reply: reply.content, state }).toEqual({
    reply: reply.content,
    state: done ? APPLIED : UNTOUCHED,
  });
  if (combo.fault.kind === "none")
    expect({ reply: reply.content, done }).toEqual({ reply: reply.content, done: true });
  await checkGuild(world, where);
}

const INCIDENT = /incident `([0-9a-f]{8})`/;

/** Short and human; an incident id only where one may be, and then logged under that id. */
export function checkAnswer(world: FaultWorld, reply: SimMessage, incidentAllowed: boolean): void {
  const text = reply.content + (reply.embeds[0]?.title ?? "");
  expect(text.trim()).not.toBe("");
  expect(reply.content).not.toMatch(/\n\s+at |Error:|undefined|\[object/);
  const incident = INCIDENT.exec(reply.content)?.[1];
  if (!incident) return;
  expect({ reply: reply.content, incidentAllowed }).toEqual({ reply: reply.content, incidentAllowed: true });
  const logged = world.logs.lines.find((line) => line.incidentId === incident);
  expect(JSON.stringify(logged?.err ?? null)).toContain("injected fault");
}

/** No case of the guild is pending any more (confirmations and voids retried in the background are done). */
export async function settled(world: FaultWorld, guildId: string): Promise<void> {
  await eventuallyAsync(
    async () =>
      (await world.sql("SELECT 1 FROM cases WHERE guild_id = $1 AND pending LIMIT 1", [guildId])).length ===
      0,
    SETTLE_WAIT_MS,
    "the guild's pending cases to settle",
  );
}
