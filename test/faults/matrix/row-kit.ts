import { isDeepStrictEqual } from "node:util";
import type { FaultWorld } from "./fault-world";
import { APPLIED, UNTOUCHED, type ActionRow, type PreparedRun, type RunContext } from "./rows";

/** "applied" or "untouched" when `read` shows one of them, else what it shows. */
export function compare(read: () => Promise<unknown>, applied: unknown, untouched: unknown) {
  return async (): Promise<string> => {
    const value = await read();
    if (isDeepStrictEqual(value, applied)) return APPLIED;
    if (isDeepStrictEqual(value, untouched)) return UNTOUCHED;
    return `half done: ${JSON.stringify(value)}`;
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
