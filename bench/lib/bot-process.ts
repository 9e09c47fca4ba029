import path from "node:path";
import type { DiscordSimulator } from "../../simulator";
import { ChildRun } from "./child";

/** The line `dist/src/main.js` logs once it is logged in and serving interactions. */
export const WARDEN_READY_LINE = '"msg":"Warden is running"';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** A bot running as its own process against the simulator. */
export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** SIGTERM, then throws unless it exits with code 0 in time. */
  stop(): Promise<void>;
  /** Sends a signal without waiting (e.g. SIGUSR2 to a child started with `forcedGc`). */
  signal(signal: NodeJS.Signals): void;
}

/** Node arguments that let a memory benchmark force a full collection with SIGUSR2 (gc-on-signal.ts). */
export function forcedGc(): string[] {
  return ["--expose-gc", "-r", path.resolve(__dirname, "..", "children", "gc-on-signal.js")];
}

/**
 * Node arguments for bots whose CPU per interaction is compared. V8's memory reducer shrinks a heap it sees
 * idle, young generation included, and a bench that alternates short blocks between bots leaves each idle
 * most of the time: after a reduction one bot scavenges every ~65 ms instead of every few seconds, and pays
 * about 1.5x the CPU per interaction until its heap grows back. Which bot that hits is chance, and it swung
 * the ratios by a third between runs. A bot busy without pause never triggers it; neither bot does here.
 */
export function steadyHeap(): string[] {
  return ["--no-memory-reducer"];
}

/** `dist/src/main.js`, seen from `dist/bench/lib`. */
export function wardenMain(): string {
  return path.resolve(__dirname, "..", "..", "src", "main.js");
}

/** The environment of a bot child process; discord.js reads SHARDS/SHARD_COUNT itself, so only ours count. */
export function botEnv(sim: DiscordSimulator, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: sim.token,
    DISCORD_API_URL: sim.apiUrl,
    DISCORD_CDN_URL: sim.cdnUrl,
  };
  for (const name of ["DEV_GUILD_ID", "OWNER_IDS", "SHARD_COUNT", "SHARD_IDS", "SHARDS", "SHARDING_MANAGER"])
    delete env[name];
  return { ...env, ...extra };
}

/** Starts `node script` and resolves once it prints `readyLine`; kills it when it does not. */
export async function startBotProcess(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  readyLine: string,
  nodeArgs: readonly string[] = [],
): Promise<BotProcess> {
  // BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every bot (NODE_OPTIONS may not).
  const extra = process.env.BENCH_BOT_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = new ChildRun(process.execPath, [...extra, ...nodeArgs, script], env);
  try {
    await child.waitForLine(readyLine, READY_TIMEOUT_MS);
  } catch (error) {
    await child.stop("SIGKILL", STOP_TIMEOUT_MS).catch(() => undefined);
    throw error;
  }
  return {
    name,
    pid: child.pid,
    signal: (signal) => child.signal(signal),
    stop: async () => {
      const code = await child.stop("SIGTERM", STOP_TIMEOUT_MS);
      if (code !== 0) throw new Error(`${name} exited with code ${code} after SIGTERM`);
    },
  };
}
