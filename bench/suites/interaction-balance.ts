import path from "node:path";
import { loadConfig } from "../../src/config";
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
import { cpuDuring } from "../lib/cpu";
import { tallyGc } from "../lib/gc";
import { openLoop, Samples } from "../lib/open-loop";
import { progress, type Reporter } from "../lib/output";
import { seededRandom } from "../lib/random";
import { pingTarget, replyLatency, type Answer, type PingTarget } from "../lib/simulator";
import { median, ms } from "../lib/stats";

const RATE = 200;
const WARMUP = 400;
const BLOCK = 100;
const BLOCKS_PER_ROUND = 6;
const ROUNDS = 5;
const SEED = 20_240_602;
const SHARDS = 2;

interface Contender {
  bot: BotProcess;
  target: PingTarget;
  samples: Samples;
}

/** `/balance` answered (either side's words: "You have **0 points**."). */
function balanceLatency(sim: DiscordSimulator, target: PingTarget): Promise<Answer> {
  return replyLatency(sim, { guildId: target.guildId, userId: target.userId, name: "balance" }, (content) =>
    content.includes("points"),
  );
}

async function startContenders(sim: DiscordSimulator, context: BenchContext): Promise<Contender[]> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const config = loadConfig({});
  const started: Contender[] = [];
  const wardenEnv = botEnv(sim, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
    SHARD_COUNT: String(SHARDS),
    SHARD_IDS: "0",
  });
  started.push({
    bot: await startBotProcess("warden", wardenMain(), wardenEnv, WARDEN_READY_LINE, steadyHeap()),
    target: pingTarget(sim, guildIdForShard(0, SHARDS)),
    samples: new Samples(),
  });
  const bareEnv = botEnv(sim, {
    DATABASE_URL: databaseUrl,
    BARE_SHARD: "1",
    BARE_SHARD_COUNT: String(SHARDS),
    BARE_CONNECTIONS: String(config.DISCORD_REST_CONNECTIONS),
    BARE_POOL_MAX: String(config.DB_POOL_MAX),
    BARE_POOL_MIN: String(config.DB_POOL_MIN),
    BARE_POOL_IDLE_MS: String(config.DB_POOL_IDLE_MS),
  });
  const script = path.resolve(__dirname, "..", "children", "bare-shapes.js");
  started.push({
    bot: await startBotProcess(
      "bare discord.js + pg",
      script,
      bareEnv,
      "bare shapes ready",
      steadyHeap(),
    ).catch(async (error: unknown) => {
      await started[0]?.bot.stop();
      throw error;
    }),
    target: pingTarget(sim, guildIdForShard(1, SHARDS)),
    samples: new Samples(),
  });
  return started;
}

async function runBlock(sim: DiscordSimulator, contender: Contender, into: Samples): Promise<void> {
  const send = (): Promise<Answer> => balanceLatency(sim, contender.target);
  const [[{ results, lateness }, gc], cpuMs] = await cpuDuring(contender.bot.pid, () =>
    tallyGc(() => openLoop(send, { rate: RATE, count: BLOCK })),
  );
  into.add(results, lateness, gc);
  into.cpuMs += cpuMs;
}

/**
 * `/balance` (one member's points: a read on PostgreSQL and a reply) through Warden against a bare
 * discord.js client doing the same one raw SELECT with pg: CPU per answer of each bot process, in short
 * alternating blocks as for /ping. The member has no points yet, so both read no row and answer 0.
 */
export async function benchInteractionBalance(context: BenchContext, report: Reporter): Promise<void> {
  const sim = await DiscordSimulator.start({ shardCount: SHARDS });
  const contenders: Contender[] = [];
  try {
    contenders.push(...(await startContenders(sim, context)));
    const [warden, bare] = contenders as [Contender, Contender];
    for (const contender of contenders) {
      await openLoop(() => balanceLatency(sim, contender.target), { rate: RATE, count: WARMUP });
    }
    const random = seededRandom(SEED);
    const rounds: Array<{ warden: Samples; bare: Samples }> = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      const round = { warden: new Samples(), bare: new Samples() };
      const sides: Array<[Contender, Samples]> = [
        [warden, round.warden],
        [bare, round.bare],
      ];
      for (let block = 0; block < BLOCKS_PER_ROUND; block += 1) {
        for (const [contender, side] of random() < 0.5 ? sides : [...sides].reverse()) {
          await runBlock(sim, contender, side);
        }
      }
      rounds.push(round);
      progress(
        `interaction: /balance round ${index + 1}/${ROUNDS} cpu/answer ${Math.round(round.warden.cpuUsPerAnswer)} / ` +
          `${Math.round(round.bare.cpuUsPerAnswer)} µs, p50 ${ms(round.warden.p50)} / ${ms(round.bare.p50)}`,
      );
    }
    emit(report, rounds);
  } finally {
    for (const { bot } of contenders.reverse()) {
      await bot
        .stop()
        .catch((error: unknown) => progress(`interaction: stopping ${bot.name}: ${String(error)}`));
    }
    await sim.close();
  }
}

function emit(report: Reporter, rounds: ReadonlyArray<{ warden: Samples; bare: Samples }>): void {
  const perAnswerUs = (side: "warden" | "bare"): number => {
    const cpuMs = rounds.reduce((sum, round) => sum + round[side].cpuMs, 0);
    const answers = rounds.reduce((sum, round) => sum + round[side].values.length, 0);
    return (cpuMs * 1000) / answers;
  };
  const warden = perAnswerUs("warden");
  const bare = perAnswerUs("bare");
  const p50Ratio = median(rounds.map((round) => round.warden.p50 / round.bare.p50));
  report.emit(
    "interaction.balance.cpu_us",
    warden,
    "us",
    `Warden process CPU (user + system, /proc) per timed /balance; bare discord.js + one raw pg SELECT ` +
      `${Math.round(bare)} µs; ${ROUNDS} rounds of ${BLOCKS_PER_ROUND} alternating blocks of ${BLOCK} per side at ${RATE}/s, both with --no-memory-reducer (steadyHeap)`,
  );
  report.emit(
    "interaction.balance.cpu_ratio",
    warden / bare,
    "ratio",
    `CPU per /balance, Warden / bare discord.js + pg, all rounds pooled; per round ` +
      `${rounds.map((round) => (round.warden.cpuUsPerAnswer / round.bare.cpuUsPerAnswer).toFixed(2)).join(", ")}; ` +
      `median p50 latency ratio ${p50Ratio.toFixed(3)}`,
  );
}
