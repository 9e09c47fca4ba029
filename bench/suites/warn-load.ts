import { freePort } from "../../test/support/free-port";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { openLoop } from "../lib/open-loop";
import { progress, type Reporter } from "../lib/output";
import type { Answer } from "../lib/simulator";
import { ms, percentile } from "../lib/stats";
import { connectionsOpened, interactionsFinished, PoolSampler, type PoolTally } from "../lib/warden-metrics";
import { turnOffDms, warnGuild, warnLatency, type WarnGuild } from "../lib/warn-guild";
import { countCases } from "./case-warn";
import { UsageController } from "../../src/controllers/usage-controller";

/** Issue 13: 200 moderators' /warn per second for 60 s against one guild across two processes. */
const RATE = 200;
const SECONDS = 60;
const MODERATORS = 200;
/** Members warned in turn: each is warned every 5 s, with a new reason each time (never a repeat). */
const TARGETS = 1000;
/**
 * Untimed warnings first, at the same rate, until the processes are in their steady state: for the first
 * 3–4 s of load both are busy compiling (JIT) and growing their pools, and with a 2 s warm-up the first
 * timed second held most of the slow answers of most runs. The warm-up's own tail is reported beside.
 */
const WARMUP = 5 * RATE;
const PROCESSES = 2;
const SAMPLE_EVERY_MS = 100;

/** The server's checkpoints so far (PostgreSQL 17+ counts them in pg_stat_checkpointer, older in pg_stat_bgwriter). */
async function checkpoints(context: BenchContext): Promise<{ count: number; buffers: number } | null> {
  for (const [view, count, buffers] of [
    ["pg_stat_checkpointer", "num_timed + num_requested", "buffers_written"],
    ["pg_stat_bgwriter", "checkpoints_timed + checkpoints_req", "buffers_checkpoint"],
  ]) {
    const result = await context.raw
      .query<{ count: string; buffers: string }>(
        `SELECT ${count} AS count, ${buffers} AS buffers FROM ${view}`,
      )
      .catch(() => null);
    const row = result?.rows[0];
    if (row) return { count: Number(row.count), buffers: Number(row.buffers) };
  }
  return null;
}

interface Warden {
  process: BotProcess;
  metricsUrl: string;
}

/** Warden as `npm start` runs it (dist/src/main.js) on the bench database, with /metrics on a port of its own. */
async function startWarden(sim: DiscordSimulator, context: BenchContext, name: string): Promise<Warden> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const port = await freePort();
  const env = botEnv(sim, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
    HEALTH_HOST: "127.0.0.1",
    HEALTH_PORT: String(port),
  });
  const bot = await startBotProcess(name, wardenMain(), env, WARDEN_READY_LINE);
  return { process: bot, metricsUrl: `http://127.0.0.1:${port}/metrics` };
}

/** The `index`-th warning: moderators and members each in turn, so every moderator warns every 1 s. */
function sendWarn(sim: DiscordSimulator, guild: WarnGuild): (index: number) => Promise<Answer> {
  let sent = 0;
  return () => {
    sent += 1;
    return warnLatency(sim, guild, sent, guild.moderatorIds[sent % guild.moderatorIds.length]);
  };
}

/**
 * `/warn` at RATE/s, open loop, for SECONDS, by MODERATORS distinct moderators of one guild, served by two
 * Warden processes at once: the simulator hands the guild's interactions to its two gateway sessions in
 * turn (`interactionRouting: "round-robin"`, as Discord spreads HTTP interactions behind a load balancer).
 * Both processes' pool gauges are scraped every SAMPLE_EVERY_MS while timed.
 */
export async function benchWarnLoad(context: BenchContext, report: Reporter): Promise<void> {
  const sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
  const wardens: Warden[] = [];
  try {
    const guild = warnGuild(sim, TARGETS, MODERATORS);
    // As in a running deployment, the usage windows are started: every flush adds to them.
    await context.container.resolve(UsageController).advanceWindows();
    for (let index = 0; index < PROCESSES; index += 1)
      wardens.push(await startWarden(sim, context, `warden-${index + 1}`));
    await sim.waitForShards(PROCESSES, 60_000);
    await turnOffDms(sim, guild);
    const send = sendWarn(sim, guild);
    const warmup = await openLoop(send, { rate: RATE, count: WARMUP });
    const warmupDeferred = warmup.results.filter((answer) => answer.deferred).length;
    const before = await Promise.all(
      wardens.map((warden) => interactionsFinished(warden.metricsUrl, "/warn")),
    );
    sim.requests.clear();
    const warmupLatencies = warmup.results.map((answer) => answer.ms);
    const warmupP99 = ms(percentile(warmupLatencies, 99));
    progress(
      `warn_load: warm-up done (${warmupDeferred} deferred, p99 ${warmupP99}, ` +
        `max ${ms(Math.max(...warmupLatencies))}); ${SECONDS} s at ${RATE}/s`,
    );
    const checkpointsBefore = await checkpoints(context);
    const openedBefore = await Promise.all(wardens.map((warden) => connectionsOpened(warden.metricsUrl)));
    const samplers = wardens.map((warden) => new PoolSampler(warden.metricsUrl, SAMPLE_EVERY_MS));
    const timed = await openLoop(send, { rate: RATE, count: RATE * SECONDS }).finally(() =>
      Promise.all(samplers.map((sampler) => sampler.stop())),
    );
    const checkpointsAfter = await checkpoints(context);
    const after = await Promise.all(
      wardens.map((warden) => interactionsFinished(warden.metricsUrl, "/warn")),
    );
    const served = after.map((count, index) => count - (before[index] ?? 0));
    if (served.some((count) => count === 0))
      throw new Error(`a process served no /warn: ${served.join(", ")}`);
    const openedAfter = await Promise.all(wardens.map((warden) => connectionsOpened(warden.metricsUrl)));
    const opened = openedAfter.map((count, index) => count - (openedBefore[index] ?? 0));
    const dms = sim.requests.filter("POST", "/users/@me/channels").length;
    if (dms > 0) throw new Error(`Warden opened ${dms} DM channels with dm-on-action off`);
    const counted = await countCases(context, guild.guildId);
    const setup =
      `${RATE}/s open loop for ${SECONDS} s (${RATE * SECONDS} timed after ${WARMUP} untimed, ` +
      `${warmupDeferred} of them deferred, their p99 ${warmupP99}) by ${MODERATORS} moderators in turn on ${TARGETS} members in turn, ` +
      `one guild served by ${PROCESSES} Warden processes (dist/src/main.js; the simulator hands interactions ` +
      `to them in turn; /warn served while timed ${served.join(" + ")}), dm-on-action off, no mod-log channel; ` +
      `sends at most ${ms(Math.max(...timed.lateness))} behind the timetable; ${counted} cases numbered 1..N ` +
      `without gaps; ${
        checkpointsBefore && checkpointsAfter
          ? `${checkpointsAfter.count - checkpointsBefore.count} checkpoints while timed ` +
            `(${checkpointsAfter.buffers - checkpointsBefore.buffers} buffers written)`
          : "checkpoints while timed unknown"
      }`;
    emit(
      report,
      timed.results,
      samplers.map((sampler) => sampler.tally),
      setup,
    );
    report.emit(
      "warn_load.connections_opened",
      opened.reduce((sum, count) => sum + count, 0),
      "count",
      `database connections the processes' pools opened while timed (${opened.join(" + ")}; ` +
        `warden_db_connections_opened_total): each new one costs the server tens of ms of CPU, so a pool that ` +
        `reopens connections under load turns a short stall into a long one`,
    );
  } finally {
    for (const warden of wardens) {
      await warden.process
        .stop()
        .catch((error: unknown) => progress(`warn_load: stopping ${warden.process.name}: ${String(error)}`));
    }
    await sim.close();
  }
}

const SLOW_MS = 100;

/** Where the slow answers were: the seconds of the timed run (by send time) with the most over SLOW_MS. */
function slowSeconds(latencies: readonly number[]): string {
  const perSecond = new Map<number, number>();
  latencies.forEach((latency, index) => {
    if (latency <= SLOW_MS) return;
    const second = Math.floor(index / RATE);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  });
  const worst = [...perSecond].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const slow = [...perSecond.values()].reduce((sum, count) => sum + count, 0);
  return worst.length === 0
    ? `none over ${SLOW_MS} ms`
    : `${slow} over ${SLOW_MS} ms, most in second ${worst.map(([second, count]) => `${second} (${count})`).join(", ")}`;
}

function waitingAt(pool: PoolTally): string {
  return pool.waitingSeconds.size === 0 ? "" : ` (in second ${[...pool.waitingSeconds].join(", ")})`;
}

function emit(
  report: Reporter,
  answers: readonly Answer[],
  pools: readonly PoolTally[],
  setup: string,
): void {
  const latencies = answers.map((answer) => answer.ms);
  const deferred = answers.filter((answer) => answer.deferred).length;
  report.emit(
    "warn_load.p99_ms",
    percentile(latencies, 99),
    "ms",
    `/warn INTERACTION_CREATE → answer (callback, or the reply that filled a defer), p99 (target < 250 ms; ` +
      `p99.9 ${ms(percentile(latencies, 99.9))}, max ${ms(Math.max(...latencies))}; ${slowSeconds(latencies)}); ${setup}`,
  );
  report.emit(
    "warn_load.p50_ms",
    percentile(latencies, 50),
    "ms",
    `/warn p50 (p90 ${ms(percentile(latencies, 90))}) of ${latencies.length}, two processes, one guild`,
  );
  report.emit(
    "warn_load.deferred",
    deferred,
    "count",
    `timed /warn answered only after the bot's automatic defer, of ${answers.length} (target 0)`,
  );
  const maxWaiting = Math.max(...pools.map((pool) => pool.maxWaiting));
  const samples = pools.reduce((sum, pool) => sum + pool.samples, 0);
  const withWaiting = pools.reduce((sum, pool) => sum + pool.withWaiting, 0);
  const perProcess = pools
    .map(
      (pool, index) =>
        `process ${index + 1}: max waiting ${pool.maxWaiting}, waiting in ${pool.withWaiting}/${pool.samples} ` +
        `samples${waitingAt(pool)}, max in use ${pool.maxInUse}, ${pool.missed} scrapes missed`,
    )
    .join("; ");
  report.emit(
    "warn_load.pool_waits",
    maxWaiting,
    "count",
    `most clients waiting for a pool connection in any /metrics sample (warden_db_pool_connections` +
      `{state="waiting"}, each process scraped every ${SAMPLE_EVERY_MS} ms while timed; target 0); ` +
      `samples with waiting > 0: ${withWaiting}/${samples} (${((100 * withWaiting) / Math.max(samples, 1)).toFixed(1)} %); ${perProcess}`,
  );
  report.emit(
    "warn_load.pool_wait_share",
    withWaiting / Math.max(samples, 1),
    "ratio",
    `share of pool samples (both processes) with a client waiting for a connection; ${perProcess}`,
  );
}
