import path from "node:path";
import { loadConfig } from "../../src/config";
import { GatewayIntentBits } from "discord.js";
import { DiscordSimulator, guildIdForShard } from "../../simulator";
import type { BenchContext } from "../lib/app";
import {
  botEnv,
  startBotProcess,
  steadyHeap,
  WARDEN_READY_LINE,
  wardenMain,
  type BotProcess,
} from "../lib/bot-process";
import { cpuDuring, processCpuMs } from "../lib/cpu";
import { addGc, tallyGc, type GcTally } from "../lib/gc";
import { openLoop, Samples } from "../lib/open-loop";
import { progress, type Reporter } from "../lib/output";
import { seededRandom } from "../lib/random";
import { pingLatency, pingTarget, type Answer, type PingTarget } from "../lib/simulator";
import { median, ms, percentile } from "../lib/stats";

/** Interactions per second, open loop, whichever contender is running. */
const RATE = 200;
/** Untimed interactions per contender before the first round (JIT, connection pool, caches). */
const WARMUP = 1000;
/** Timed interactions per block (0.5 s at RATE): short blocks, so both sides see the same machine. */
const BLOCK = 100;
/** Blocks per contender per round, in pairs of one block each, in random order within each pair. */
const BLOCKS_PER_ROUND = 8;
const SEED = 20_240_601;
const ROUNDS = 7;
/** The idle window measured after the warm-up. */
const IDLE_MS = 5_000;
/**
 * Warden runs shard 0; the bare client with Warden's intents shard 1; the bare client with Guilds only shard 2:
 * each receives only its own guild's interactions.
 */
const SHARDS = 3;

interface Contender {
  bot: BotProcess;
  target: PingTarget;
}

type Side = "warden" | "bare" | "bareGuilds";
const SIDES: readonly Side[] = ["warden", "bare", "bareGuilds"];
/** One block's cost: the bot's CPU per answer (µs) and the block's median latency (ms). */
interface BlockCost {
  cpuUs: number;
  p50: number;
}
/** One group: a block of each side back to back, so the ratios within it share one state of the machine. */
type Group = Record<Side, BlockCost>;
type Round = Record<Side, Samples> & { groups: Group[] };

/** Warden's dist/src/main.js as `npm start` runs it, but under `steadyHeap()` like the bare clients; shard 0. */
async function startWarden(sim: DiscordSimulator, context: BenchContext): Promise<Contender> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const env = botEnv(sim, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
    SHARD_COUNT: String(SHARDS),
    SHARD_IDS: "0",
  });
  const target = pingTarget(sim, guildIdForShard(0, SHARDS));
  return { bot: await startBotProcess("warden", wardenMain(), env, WARDEN_READY_LINE, steadyHeap()), target };
}

/** discord.js with nothing in between (bench/children/bare-bot.ts), same connection cap, given intents. */
async function startBare(
  sim: DiscordSimulator,
  name: string,
  shard: number,
  connections: number,
  intents: number,
): Promise<Contender> {
  const env = botEnv(sim, {
    BARE_SHARD: String(shard),
    BARE_SHARD_COUNT: String(SHARDS),
    BARE_CONNECTIONS: String(connections),
    BARE_INTENTS: String(intents),
  });
  const script = path.resolve(__dirname, "..", "children", "bare-bot.js");
  const target = pingTarget(sim, guildIdForShard(shard, SHARDS));
  return { bot: await startBotProcess(name, script, env, "bare bot ready", steadyHeap()), target };
}

/** The intents Warden's shard identified with (its cogs' choice, PRIVILEGED_INTENTS unset). */
function wardenIntents(sim: DiscordSimulator): number {
  const session = sim.sessions.find((info) => info.shardId === 0);
  if (!session) throw new Error("Warden's shard 0 has no session on the simulator");
  return session.intents;
}

/** One block of one contender: latencies, the bench process's GC pauses, and the bot process's CPU time. */
async function runBlock(sim: DiscordSimulator, contender: Contender, into: Samples): Promise<BlockCost> {
  const send = (): Promise<Answer> => pingLatency(sim, contender.target);
  const [[{ results, lateness }, gc], cpuMs] = await cpuDuring(contender.bot.pid, () =>
    tallyGc(() => openLoop(send, { rate: RATE, count: BLOCK })),
  );
  into.add(results, lateness, gc);
  into.cpuMs += cpuMs;
  return {
    cpuUs: (cpuMs * 1000) / results.length,
    p50: percentile(
      results.map((answer) => answer.ms),
      50,
    ),
  };
}

/**
 * Each contender runs BLOCKS_PER_ROUND blocks, in groups of one block each whose order is drawn at random:
 * young-generation collections come every few hundred interactions like clockwork, and a fixed pattern
 * (A B C A B C …) can line them up with one contender's blocks.
 */
async function runRound(
  sim: DiscordSimulator,
  contenders: Record<Side, Contender>,
  random: () => number,
): Promise<Round> {
  sim.requests.clear();
  const round: Round = { warden: new Samples(), bare: new Samples(), bareGuilds: new Samples(), groups: [] };
  for (let block = 0; block < BLOCKS_PER_ROUND; block += 1) {
    const group: Partial<Group> = {};
    for (const side of shuffled(SIDES, random))
      group[side] = await runBlock(sim, contenders[side], round[side]);
    round.groups.push(group as Group);
  }
  return round;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/**
 * `/ping` through Warden's whole router against a bare discord.js client replying directly: all on one
 * simulator, never at the same time, open-loop arrivals at RATE/s in short interleaved blocks. The baseline
 * is the bare client identified with Warden's intents, so the gateway sends both the same traffic (each
 * reply comes back as MESSAGE_CREATE under GuildMessages); a bare client with Guilds only is reported too.
 */
export async function benchInteractionPing(context: BenchContext, report: Reporter): Promise<void> {
  const sim = await DiscordSimulator.start({ shardCount: SHARDS });
  const connections = loadConfig({}).DISCORD_REST_CONNECTIONS;
  const started: Contender[] = [];
  try {
    const warden = await startWarden(sim, context);
    started.push(warden);
    const intents = wardenIntents(sim);
    const bare = await startBare(sim, "bare discord.js", 1, connections, intents);
    started.push(bare);
    const bareGuilds = await startBare(
      sim,
      "bare discord.js (Guilds)",
      2,
      connections,
      GatewayIntentBits.Guilds,
    );
    started.push(bareGuilds);
    const contenders: Record<Side, Contender> = { warden, bare, bareGuilds };
    for (const contender of started) {
      await openLoop(() => pingLatency(sim, contender.target), { rate: RATE, count: WARMUP });
    }
    const idle = await idleCpu(contenders);
    const rounds: Round[] = [];
    const random = seededRandom(SEED);
    for (let index = 0; index < ROUNDS; index += 1) {
      const round = await runRound(sim, contenders, random);
      rounds.push(round);
      progress(
        `interaction: round ${index + 1}/${ROUNDS} p99 warden ${ms(round.warden.p99)} / bare ${ms(round.bare.p99)}, ` +
          `p50 ${ms(round.warden.p50)} / ${ms(round.bare.p50)}, cpu/answer ${us(round.warden.cpuUsPerAnswer)} / ` +
          `${us(round.bare.cpuUsPerAnswer)} (Guilds only ${us(round.bareGuilds.cpuUsPerAnswer)}), gc ` +
          `${gcText(round.warden.gc)} / ${gcText(round.bare.gc)}`,
      );
    }
    emit(report, rounds, connections, intents);
    emitIdle(report, idle);
  } finally {
    for (const { bot } of started.reverse()) {
      await bot
        .stop()
        .catch((error: unknown) => progress(`interaction: stopping ${bot.name}: ${String(error)}`));
    }
    await sim.close();
  }
}

/**
 * Each bot's CPU while nothing is asked of it (its timers, background jobs, the gateway's heartbeats), in ms
 * per second, measured together over IDLE_MS after the warm-up: what a block's CPU would include even with
 * no interaction in it.
 */
async function idleCpu(contenders: Record<Side, Contender>): Promise<Record<Side, number>> {
  const before = await Promise.all(SIDES.map((side) => processCpuMs(contenders[side].bot.pid)));
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const after = await Promise.all(SIDES.map((side) => processCpuMs(contenders[side].bot.pid)));
  const perSecond = (index: number): number =>
    (((after[index] ?? 0) - (before[index] ?? 0)) * 1000) / IDLE_MS;
  return { warden: perSecond(0), bare: perSecond(1), bareGuilds: perSecond(2) };
}

function emitIdle(report: Reporter, idle: Record<Side, number>): void {
  report.emit(
    "interaction.idle_cpu_ms_per_s",
    idle.warden,
    "ms",
    `Warden process CPU per second with no interaction, over ${IDLE_MS / 1000} s after the warm-up (timers, ` +
      `background jobs, heartbeats); bare discord.js ${idle.bare.toFixed(2)} ms/s with Warden's intents, ` +
      `${idle.bareGuilds.toFixed(2)} with Guilds only; at ${RATE}/s this is ${((idle.warden * 1000) / RATE).toFixed(0)} µs ` +
      `of each /ping's CPU`,
  );
}

function emit(report: Reporter, rounds: readonly Round[], connections: number, intents: number): void {
  const of = (pick: (round: Round) => number): number => median(rounds.map(pick));
  const wardenP99 = of((round) => round.warden.p99);
  const bareP99 = of((round) => round.bare.p99);
  const wardenP50 = of((round) => round.warden.p50);
  const bareP50 = of((round) => round.bare.p50);
  const p99Ratio = of((round) => round.warden.p99 / round.bare.p99);
  const p50Ratio = of((round) => round.warden.p50 / round.bare.p50);
  const p50RatioGuilds = of((round) => round.warden.p50 / round.bareGuilds.p50);
  const pooled = (side: Side, p: number): number =>
    percentile(
      rounds.flatMap((round) => round[side].values),
      p,
    );
  const maxLate = Math.max(...rounds.flatMap((round) => [round.warden.maxLate, round.bare.maxLate]));
  const gc = (side: Side): string =>
    gcText(rounds.reduce((sum, round) => addGc(sum, round[side].gc), { count: 0, totalMs: 0, maxMs: 0 }));
  const setup =
    `open loop at ${RATE}/s; ${ROUNDS} rounds, each ${BLOCKS_PER_ROUND} blocks of ${BLOCK} timed /ping per side ` +
    `(the sides' order drawn at random per group; ${WARMUP} untimed per side first); bare client identified with ` +
    `Warden's intents (${intents}); latency = simulator INTERACTION_CREATE → callback ` +
    `request; each bot its own process (Warden: dist/src/main.js), every bot with --no-memory-reducer (steadyHeap), one simulator in the bench process, REST connections capped at ${connections}; sends at most ` +
    `${ms(maxLate)} behind the timetable; GC pauses in the bench process (the simulator) while timed: Warden blocks ${gc("warden")}, bare ${gc("bare")}`;
  // Each round's p99 rests on its 8 slowest answers, so one collection decides it; the pooled p99 over
  // every round (thousands of answers per side, blocks interleaved at random) is the steadier estimate.
  const wardenPooled = pooled("warden", 99);
  const barePooled = pooled("bare", 99);
  report.emit(
    "interaction.ping.p99_ms",
    wardenPooled,
    "ms",
    `Warden /ping p99 over all ${ROUNDS} rounds pooled (p99.9 ${ms(pooled("warden", 99.9))}, p50 ` +
      `${ms(pooled("warden", 50))}); bare discord.js pooled p99 ${ms(barePooled)}, p50 ${ms(pooled("bare", 50))}; ` +
      `${RATE}/s open loop, INTERACTION_CREATE → callback request (setup in vs_bare_djs)`,
  );
  report.emit(
    "interaction.ping.vs_bare_djs",
    wardenPooled / barePooled,
    "ratio",
    `pooled p99 Warden / bare discord.js (target ≤ 1.2); median of per-round p99 ratios ${p99Ratio.toFixed(3)} ` +
      `(per round ${rounds.map((round) => (round.warden.p99 / round.bare.p99).toFixed(2)).join(", ")}; median p99s ` +
      `${ms(wardenP99)} / ${ms(bareP99)}); p50 ratio ${p50Ratio.toFixed(3)} (${ms(wardenP50)} / ${ms(bareP50)}; against the bare client with Guilds only ` +
      `${p50RatioGuilds.toFixed(3)}); ${setup}`,
  );
  const groups = rounds.flatMap((round) => round.groups);
  report.emit(
    "interaction.ping.p50_ratio",
    median(groups.map((group) => group.warden.p50 / group.bare.p50)),
    "ratio",
    `median latency per /ping, Warden / bare discord.js with Warden's intents (target ≤ 1.1): median over ` +
      `${groups.length} groups of the ratio of the two blocks' medians (blocks of ${BLOCK}, back to back); the ` +
      `median of the per-round ratios is ${p50Ratio.toFixed(3)}, of all answers pooled ` +
      `${(pooled("warden", 50) / pooled("bare", 50)).toFixed(3)}`,
  );
  emitCpu(report, rounds, intents);
  const deferred = (side: Side): number => rounds.reduce((sum, round) => sum + round[side].deferred, 0);
  const timed = rounds.reduce((sum, round) => sum + round.warden.values.length, 0);
  report.emit(
    "interaction.ping.deferred",
    deferred("warden"),
    "count",
    `timed Warden /ping answered only after a defer (latency above runs until the deferred reply was filled), ` +
      `of ${timed}; the bare client never defers (${deferred("bare")}); 0 on a quiet machine`,
  );
}

/**
 * CPU time of each bot process per answered /ping (the other bots idle meanwhile): the bot's own cost, which
 * a GC pause or a busy neighbour moves far less than latency. The ratio is the median over every group of
 * the per-group ratios: this machine's speed drifts by a third within a minute (a shared host), and a group's
 * blocks run within about 1.5 s of each other, so each group's ratio compares the bots on one machine state;
 * the median keeps one disturbed block from moving it.
 */
function emitCpu(report: Reporter, rounds: readonly Round[], intents: number): void {
  const total = (side: Side): { cpuMs: number; answers: number } =>
    rounds.reduce(
      (sum, round) => ({
        cpuMs: sum.cpuMs + round[side].cpuMs,
        answers: sum.answers + round[side].values.length,
      }),
      { cpuMs: 0, answers: 0 },
    );
  const perAnswerUs = ({ cpuMs, answers }: { cpuMs: number; answers: number }): number =>
    (cpuMs * 1000) / answers;
  const warden = perAnswerUs(total("warden"));
  const bare = perAnswerUs(total("bare"));
  const bareGuilds = perAnswerUs(total("bareGuilds"));
  const groups = rounds.flatMap((round) => round.groups);
  const groupRatio = (baseline: Side): number =>
    median(groups.map((group) => group.warden.cpuUs / group[baseline].cpuUs));
  const perRound = rounds.map((round) =>
    (round.warden.cpuUsPerAnswer / round.bare.cpuUsPerAnswer).toFixed(2),
  );
  report.emit(
    "interaction.ping.cpu_us",
    warden,
    "us",
    `Warden process CPU (user + system, /proc) per timed /ping over ${total("warden").answers} answers; bare ` +
      `discord.js ${us(bare)} over ${total("bare").answers} with Warden's intents (${intents}), ${us(bareGuilds)} ` +
      `with Guilds only`,
  );
  report.emit(
    "interaction.ping.cpu_ratio",
    groupRatio("bare"),
    "ratio",
    `CPU per /ping, Warden / bare discord.js with Warden's intents (target ≤ 1.2): median over ${groups.length} ` +
      `groups of the per-group ratio; all blocks pooled ${(warden / bare).toFixed(3)}; pooled per round ` +
      `${perRound.join(", ")}`,
  );
  report.emit(
    "interaction.ping.cpu_ratio_guilds_only",
    groupRatio("bareGuilds"),
    "ratio",
    `CPU per /ping, Warden / bare discord.js identified with Guilds only (median over groups; pooled ` +
      `${(warden / bareGuilds).toFixed(3)}): the gateway sends that client no MESSAGE_CREATE for its own ` +
      `replies, so this also counts what Warden's intents cost`,
  );
}

function us(value: number): string {
  return `${Math.round(value)} µs`;
}

function gcText(gc: GcTally): string {
  return `${gc.count}× ${ms(gc.totalMs)} (max ${ms(gc.maxMs)})`;
}
