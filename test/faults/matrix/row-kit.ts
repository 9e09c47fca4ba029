import { isDeepStrictEqual } from "node:util";
import { eventuallyAsync, type FaultWorld } from "./fault-world";
import { APPLIED, UNTOUCHED, type ActionRow, type PreparedRun, type RunContext } from "./rows";

/** "applied" or "untouched" when `read` shows one of them, else what it shows. */
/**
 * How long a row's setup waits for a command it runs first (a warning to edit, a lock to undo): with 16 combos
 * preparing at once, the bot's REST queue (discord.js keeps to 50 requests/s) can hold a reply a few seconds.
 * Setup, not the step under test, so it waits.
 */
export const SETUP_REPLY_MS = 20_000;

export function compare(read: () => Promise<unknown>, applied: unknown, untouched: unknown) {
  return async (): Promise<string> => {
    const value = await read();
    if (isDeepStrictEqual(value, applied)) return APPLIED;
    if (isDeepStrictEqual(value, untouched)) return UNTOUCHED;
    return `half done: ${JSON.stringify(value)}`;
  };
}

/** How long bookkeeping retried in the background (after Discord answered) may take to settle. */
const RETRIED_WAIT_MS = 10_000;

/** As `compare`, once background retries have had their chance: the first of "applied" or "untouched" shown. */
export function compareSettled(read: () => Promise<unknown>, applied: unknown, untouched: unknown) {
  const judge = compare(read, applied, untouched);
  return async (): Promise<string> => {
    let last = "";
    const settled = async () => [APPLIED, UNTOUCHED].includes((last = await judge()));
    await eventuallyAsync(settled, RETRIED_WAIT_MS, "the records to settle").catch(() => undefined);
    return last;
  };
}

export async function one<T extends object = Record<string, unknown>>(
  world: FaultWorld,
  text: string,
  params: unknown[],
): Promise<T | null> {
  return (await world.sql<T>(text, params))[0] ?? null;
}

/** A row whose run is the command alone, judged by one read of the records. */
export function simple(
  spec: Omit<ActionRow, "prepare" | "discordSteps"> & {
    prepare(context: RunContext): Promise<Omit<PreparedRun, "routes">>;
  },
): ActionRow {
  return {
    ...spec,
    discordSteps: [],
    prepare: async (context) => ({ routes: {}, ...(await spec.prepare(context)) }),
  };
}
