import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { ChildRun, procStatusMb } from "../lib/child";
import { progress, type Reporter } from "../lib/output";
import { pingLatency, pingTarget, type Answer } from "../lib/simulator";
import { ms } from "../lib/stats";

const READY_LINE = '"msg":"Warden is running"';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const PINGS = 5;
const IDLE_MS = 5_000;
const SAMPLE_EVERY_MS = 1_000;

/** One process, one shard, this simulator and database; discord.js reads SHARD_COUNT/SHARDS too, so drop them. */
function botEnv(sim: DiscordSimulator, databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: sim.token,
    DISCORD_API_URL: sim.apiUrl,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
  };
  for (const name of ["DEV_GUILD_ID", "SHARD_COUNT", "SHARD_IDS", "SHARDS", "SHARDING_MANAGER"])
    delete env[name];
  return env;
}

/**
 * The bot's resident memory, idle and ready: `node dist/src/main.js` as a child process (so neither this
 * process, the simulator in it, nor the PostgreSQL server count), logged in to the simulator, a few /ping
 * answered, then left alone for IDLE_MS before VmRSS is read. SIGTERM must then stop it with exit code 0.
 */
export async function benchBotRss(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const sim = await DiscordSimulator.start();
  let child: ChildRun | undefined;
  try {
    const target = pingTarget(sim);
    const main = path.resolve(__dirname, "..", "..", "src", "main.js");
    const started = performance.now();
    child = new ChildRun(process.execPath, [main], botEnv(sim, databaseUrl));
    await child.waitForLine(READY_LINE, START_TIMEOUT_MS);
    const startMs = performance.now() - started;
    const answers: Answer[] = [];
    for (let i = 0; i < PINGS; i += 1) answers.push(await pingLatency(sim, target));
    const samples: number[] = [];
    for (let waited = 0; waited < IDLE_MS; waited += SAMPLE_EVERY_MS) {
      await sleep(SAMPLE_EVERY_MS);
      samples.push(await procStatusMb(child.pid, "VmRSS"));
    }
    const peak = await procStatusMb(child.pid, "VmHWM");
    const rss = samples.at(-1) ?? 0;
    const code = await child.stop("SIGTERM", STOP_TIMEOUT_MS);
    child = undefined;
    if (code !== 0) throw new Error(`the bot exited with code ${code} after SIGTERM (expected 0)`);
    report.emit(
      "bot.rss_idle_mb",
      rss,
      "MB",
      `VmRSS (MiB) of node dist/src/main.js, ready and idle ${IDLE_MS / 1000} s after ${PINGS} /ping ` +
        `(answered in ${answers.map((answer) => `${ms(answer.ms)}${answer.deferred ? " deferred" : ""}`).join(", ")}); ` +
        `target < 150; ` +
        `per-second samples ${samples.map((sample) => sample.toFixed(1)).join(", ")}; peak VmHWM ${peak.toFixed(1)}; ` +
        `started in ${ms(startMs)}; PostgreSQL and the simulator run in other processes; exit 0 on SIGTERM`,
    );
  } finally {
    if (child) {
      await child
        .stop("SIGKILL", STOP_TIMEOUT_MS)
        .catch((error: unknown) => progress(`rss: ${String(error)}`));
    }
    await sim.close();
  }
}
