import os from "node:os";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { progress, type Reporter } from "../lib/output";
import { turnOffDms, warnGuild, warnLatency, type WarnGuild } from "../lib/warn-guild";
import { countCases } from "./case-warn";

const SHARD_COUNT = 4;
/** Interactions in flight at once, spread evenly over the guilds (closed loop: throughput at saturation). */
const IN_FLIGHT = 32;
const WARMUP = 400;
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

/** One layout on a fresh simulator: start its processes, warm up, then the timed batch. */
async function measure(context: BenchContext, layout: Layout, databaseUrl: string): Promise<number> {
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
    await closedLoop(sim, guilds, WARMUP, 0);
    const rate = await closedLoop(sim, guilds, TIMED, WARMUP);
    for (const guild of guilds) await countCases(context, guild.guildId);
    progress(`scale: ${layout.name} ${rate.toFixed(0)} /warn per s`);
    return rate;
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
  report.emit(
    "scale.warn_4proc.vs_1proc",
    four / one,
    "ratio",
    `/warn per second, four Warden processes (SHARD_COUNT=4, SHARD_IDS=0..3 one each) ${four.toFixed(0)} / one ` +
      `process with all four shards ${one.toFixed(0)}; one guild per shard, ${IN_FLIGHT} interactions in flight ` +
      `spread over the guilds (closed loop), ${TIMED} timed after ${WARMUP} untimed per layout, dm-on-action off; ` +
      `each guild's cases numbered 1..N without gaps; on ${os.cpus().length} cores`,
  );
}
