import { readFile } from "node:fs/promises";
import os from "node:os";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { processCpuMs } from "../lib/cpu";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { progress, type Reporter } from "../lib/output";
import { turnOffDms, warnGuild, warnLatency, type WarnGuild } from "../lib/warn-guild";
import { countCases } from "./case-warn";

const SHARD_COUNT = 4;
/** Interactions in flight at once, spread evenly over the guilds (closed loop: throughput at saturation). */
const IN_FLIGHT = 32;
/** Untimed interactions per bot process first, so each process's code is as warm (JIT) in either layout. */
const WARMUP_PER_PROCESS = 400;
const TIMED = 2000;
const TARGETS = 500;

const DISCORD_EPOCH = 1_420_070_400_000n;

/** A guild id that discord.js routes to `shard` of SHARD_COUNT ((id >> 22) % count, its timestamp part). */
function guildIdOnShard(shard: number): string {
  const timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
  const onShard = timestamp - (timestamp % BigInt(SHARD_COUNT)) + BigInt(shard);
  return String(onShard << 22n);
}

/**
 * Sends `count` /warn with IN_FLIGHT in flight (each guild takes the next in turn), resolves with /warn per
 * second over the whole batch. A warning that is not confirmed fails the run.
 */
async function closedLoop(
  sim: DiscordSimulator,
  guilds: readonly WarnGuild[],
  count: number,
  from: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = from + next;
      next += 1;
      const guild = guilds[index % guilds.length];
      if (!guild) throw new Error("no guild");
      await warnLatency(sim, guild, Math.floor(index / guilds.length));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (count * 1000) / (performance.now() - started);
}

interface Layout {
  name: string;
  /** SHARD_IDS of each process. */
  processes: readonly string[];
}

const ONE_PROCESS: Layout = { name: "1proc", processes: ["0,1,2,3"] };
const FOUR_PROCESSES: Layout = { name: "4proc", processes: ["0", "1", "2", "3"] };

interface Measured {
  /** /warn per second. */
  rate: number;
  /** CPU time of all the layout's bot processes together per /warn, in µs. */
  botCpuUs: number;
  /** The share of the machine's CPU time that was busy (everything: bots, simulator, PostgreSQL). */
  machineBusy: number;
}

/** The machine's busy and total CPU time so far (the first line of /proc/stat, in ticks). */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const [first] = (await readFile("/proc/stat", "utf8")).split("\n");
  const ticks = (first ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle and iowait
  return { busy: total - idle, total };
}

async function botsCpuMs(processes: readonly BotProcess[]): Promise<number> {
  const each = await Promise.all(processes.map((bot) => processCpuMs(bot.pid)));
  return each.reduce((sum, ms) => sum + ms, 0);
}

/** One layout on a fresh simulator: start its processes, warm up, then the timed batch. */
async function measure(context: BenchContext, layout: Layout, databaseUrl: string): Promise<Measured> {
  const sim = await DiscordSimulator.start({ shardCount: SHARD_COUNT });
  const processes: BotProcess[] = [];
  try {
    const guilds = Array.from({ length: SHARD_COUNT }, (_, shard) =>
      warnGuild(sim, TARGETS, 1, guildIdOnShard(shard)),
    );
    for (const [index, shardIds] of layout.processes.entries()) {
      const env = botEnv(sim, {
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: "info",
        SHARD_COUNT: String(SHARD_COUNT),
        SHARD_IDS: shardIds,
        HEALTH_ENABLED: "false",
      });
      processes.push(
        await startBotProcess(`warden-${layout.name}-${index}`, wardenMain(), env, WARDEN_READY_LINE),
      );
    }
    await sim.waitForShards(SHARD_COUNT, 60_000);
    for (const guild of guilds) await turnOffDms(sim, guild);
    const warmup = WARMUP_PER_PROCESS * processes.length;
    await closedLoop(sim, guilds, warmup, 0);
    const [cpuBefore, ticksBefore] = [await botsCpuMs(processes), await machineTicks()];
    const rate = await closedLoop(sim, guilds, TIMED, warmup);
    const [cpuAfter, ticksAfter] = [await botsCpuMs(processes), await machineTicks()];
    const botCpuUs = ((cpuAfter - cpuBefore) * 1000) / TIMED;
    const machineBusy = (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total);
    for (const guild of guilds) await countCases(context, guild.guildId);
    progress(
      `scale: ${layout.name} ${rate.toFixed(0)} /warn per s, bots ${botCpuUs.toFixed(0)} µs CPU per /warn, ` +
        `machine ${(machineBusy * 100).toFixed(0)}% busy`,
    );
    return { rate, botCpuUs, machineBusy };
  } finally {
    for (const bot of processes) {
      await bot.stop().catch((error: unknown) => progress(`scale: stopping ${bot.name}: ${String(error)}`));
    }
    await sim.close();
  }
}

/**
 * Issue 17: /warn throughput across one guild per shard (SHARD_COUNT=4), four Warden processes (one shard
 * each) against one process with all four shards, on the same database. On 2 cores expect about 1: the
 * point is that nothing serialises across guilds.
 */
export async function benchScaleWarn(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const one = await measure(context, ONE_PROCESS, databaseUrl);
  const four = await measure(context, FOUR_PROCESSES, databaseUrl);
  const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;
  report.emit(
    "scale.warn_4proc.vs_1proc",
    four.rate / one.rate,
    "ratio",
    `/warn per second, four Warden processes (SHARD_COUNT=4, SHARD_IDS=0..3 one each) ${four.rate.toFixed(0)} / ` +
      `one process with all four shards ${one.rate.toFixed(0)}; the bots' CPU per /warn ` +
      `${four.botCpuUs.toFixed(0)} µs / ${one.botCpuUs.toFixed(0)} µs, machine busy ${percent(four.machineBusy)} / ` +
      `${percent(one.machineBusy)} (a busy machine and a higher CPU cost explain a ratio below 1; ` +
      `idle cores with a lower rate would mean something serialises); one guild per shard, ${IN_FLIGHT} interactions in flight ` +
      `spread over the guilds (closed loop), ${TIMED} timed after ${WARMUP_PER_PROCESS} untimed per process, dm-on-action off; ` +
      `each guild's cases numbered 1..N without gaps; on ${os.cpus().length} cores`,
  );
}
