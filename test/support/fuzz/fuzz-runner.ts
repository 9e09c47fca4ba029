import { InteractionResponseType } from "discord-api-types/v10";
import type { DiscordSimulator, InteractionHandle } from "../../../simulator";
import { describeAction, type FuzzAction, type InteractionGenerator } from "./interaction-generator";

/** How long to wait for the first answer (the simulator refuses one after 3 s anyway). */
const CALLBACK_WAIT_MS = 5_000;
/** How long a deferred answer may take to become its final text (Discord allows 15 min). */
const FINAL_WAIT_MS = 30_000;
const INCIDENT = /incident `([0-9a-f]{8})`/;

export interface FuzzOutcome {
  index: number;
  action: FuzzAction;
  /** The simulator refused to build the interaction: a mistake of the generator, not of the bot. */
  notSent?: string;
  /** Acknowledged within Discord's 3 s (the simulator refuses later callbacks with 10062). */
  answered: boolean;
  latencyMs?: number;
  callbackType?: number;
  /** Deferred, then never given its final text. */
  unfinished?: boolean;
  content?: string;
  incidentId?: string;
}

export interface FuzzTally {
  seed: number;
  rate: number;
  sent: number;
  answered: number;
  notSent: FuzzOutcome[];
  unanswered: FuzzOutcome[];
  unfinished: FuzzOutcome[];
  incidents: FuzzOutcome[];
  latencies: number[];
  /** How late the last send left against its timetable slot, in ms (the sender keeping up). */
  maxLateMs: number;
}

export interface FuzzRunOptions {
  seed: number;
  count: number;
  /** Interactions per second, open loop. */
  rate: number;
  /** Called before each send with its index (put kicked members back, report progress…). */
  before?: (index: number) => void;
}

/**
 * Sends `count` generated interactions at a steady `rate` (never waiting for answers before the next) and
 * watches each one: answered in time, its final text, an incident id in it.
 */
export async function runFuzz(
  sim: DiscordSimulator,
  generator: InteractionGenerator,
  options: FuzzRunOptions,
): Promise<FuzzTally> {
  const started = performance.now();
  const watching: Array<Promise<FuzzOutcome>> = [];
  let maxLateMs = 0;
  for (let index = 0; index < options.count; index += 1) {
    const slot = started + (index * 1000) / options.rate;
    const wait = slot - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    maxLateMs = Math.max(maxLateMs, performance.now() - slot);
    options.before?.(index);
    const action = generator.next();
    watching.push(send(sim, index, action));
  }
  const outcomes = await Promise.all(watching);
  return tally(options, outcomes, maxLateMs);
}

function send(sim: DiscordSimulator, index: number, action: FuzzAction): Promise<FuzzOutcome> {
  let handle: InteractionHandle;
  try {
    handle = dispatch(sim, action);
  } catch (error) {
    return Promise.resolve({ index, action, answered: false, notSent: String(error) });
  }
  return observe(index, action, handle);
}

function dispatch(sim: DiscordSimulator, action: FuzzAction): InteractionHandle {
  switch (action.kind) {
    case "command":
      return sim.command(action.input);
    case "autocomplete":
      return sim.autocomplete(action.input);
    case "button":
      return sim.button(action.input);
    case "modal":
      return sim.modalSubmit(action.input);
  }
}

async function observe(index: number, action: FuzzAction, handle: InteractionHandle): Promise<FuzzOutcome> {
  const callback = await handle.callback(CALLBACK_WAIT_MS).catch(() => undefined);
  if (!callback) return { index, action, answered: false };
  const outcome: FuzzOutcome = {
    index,
    action,
    answered: true,
    latencyMs: Number(callback.receivedAt - handle.dispatchedAt) / 1e6,
    callbackType: callback.type,
    content: callback.data?.content ?? "",
  };
  const deferred =
    callback.type === InteractionResponseType.DeferredChannelMessageWithSource ||
    callback.type === InteractionResponseType.DeferredMessageUpdate;
  if (deferred) {
    const final = await handle.answer(FINAL_WAIT_MS).catch(() => undefined);
    if (final) outcome.content = final.content;
    else outcome.unfinished = true;
  }
  const incident = INCIDENT.exec(outcome.content ?? "");
  if (incident?.[1]) outcome.incidentId = incident[1];
  return outcome;
}

function tally(options: FuzzRunOptions, outcomes: readonly FuzzOutcome[], maxLateMs: number): FuzzTally {
  const sent = outcomes.filter((outcome) => outcome.notSent === undefined);
  return {
    seed: options.seed,
    rate: options.rate,
    sent: sent.length,
    answered: sent.filter((outcome) => outcome.answered).length,
    notSent: outcomes.filter((outcome) => outcome.notSent !== undefined),
    unanswered: sent.filter((outcome) => !outcome.answered),
    unfinished: sent.filter((outcome) => outcome.unfinished),
    incidents: sent.filter((outcome) => outcome.incidentId !== undefined),
    latencies: sent.flatMap((outcome) => (outcome.latencyMs === undefined ? [] : [outcome.latencyMs])),
    maxLateMs,
  };
}

/** One line per problem interaction, with what it takes to replay it. */
export function problemLines(tally: FuzzTally, limit = 20): string[] {
  const line = (what: string, outcome: FuzzOutcome) =>
    `${what} #${outcome.index} (seed ${tally.seed}): ${describeAction(outcome.action)}` +
    (outcome.notSent ? ` — ${outcome.notSent}` : "");
  return [
    ...tally.notSent.map((outcome) => line("not sent", outcome)),
    ...tally.unanswered.map((outcome) => line("unanswered", outcome)),
    ...tally.unfinished.map((outcome) => line("deferred, never finished", outcome)),
    ...tally.incidents.map((outcome) => line(`incident ${outcome.incidentId}`, outcome)),
  ].slice(0, limit);
}
