import { pgBouncerInstalled, startPgBouncer, type PgBouncer } from "../../test/support/pgbouncer";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { openLoop, Samples } from "../lib/open-loop";
import { progress, type Reporter } from "../lib/output";
import { seededRandom, shuffled } from "../lib/random";
import type { Answer } from "../lib/simulator";
import { ms } from "../lib/stats";
import { turnOffDms, warnGuild, warnLatency, type WarnGuild } from "../lib/warn-guild";
import { countCases } from "./case-warn";

const RATE = 100;
const WARMUP = 300;
const BLOCK = 50;
const SETS_PER_ROUND = 6;
const ROUNDS = 4;
const SEED = 20_261_202;
const TARGETS = 1000;
/** PgBouncer's server connections for the bench database: as many as Warden's pool, so only the hop is measured. */
const POOL_SIZE = 10;

const SIDES = ["direct", "pooled"] as const;
type Side = (typeof SIDES)[number];

interface Contender {
  sim: DiscordSimulator;
  guild: WarnGuild;
  warden: BotProcess;
  sent: number;
}

async function startContender(side: Side, env: Record<string, string>): Promise<Contender> {
  const sim = await DiscordSimulator.start();
  try {
    const guild = warnGuild(sim, TARGETS);
    const warden = await startBotProcess(
      `warden-${side}`,
      wardenMain(),
      botEnv(sim, { LOG_LEVEL: "info", ...env }),
      WARDEN_READY_LINE,
    );
    await turnOffDms(sim, guild);
    return { sim, guild, warden, sent: 0 };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

function send(contender: Contender): () => Promise<Answer> {
  return () => {
    contender.sent += 1;
    return warnLatency(contender.sim, contender.guild, contender.sent);
  };
}

/**
 * Issue 17: `/warn` through Debian's PgBouncer in transaction mode (DATABASE_URL through it,
 * DATABASE_DIRECT_URL to the server) against `/warn` on a direct connection, in the same run: one Warden
 * process each (dist/src/main.js), each with its own simulator and guild, on the same database; open loop at
 * RATE/s in blocks, the two sides interleaved in an order drawn at random.
 */
export async function benchPoolerWarn(context: BenchContext, report: Reporter): Promise<void> {
  if (!pgBouncerInstalled()) {
    progress("pooler: skipped: Debian's PgBouncer is not installed (apt-get install pgbouncer)");
    return;
  }
  const direct = context.config.DATABASE_URL;
  if (!direct) throw new Error("the bench context has no DATABASE_URL");
  let bouncer: PgBouncer | undefined;
  const contenders: Partial<Record<Side, Contender>> = {};
  try {
    bouncer = await startPgBouncer(direct, { poolSize: POOL_SIZE });
    contenders.direct = await startContender("direct", { DATABASE_URL: direct, DATABASE_DIRECT_URL: direct });
    contenders.pooled = await startContender("pooled", {
      DATABASE_URL: bouncer.pooled(direct),
      DATABASE_DIRECT_URL: direct,
    });
    const sides = { direct: contenders.direct, pooled: contenders.pooled };
    for (const side of SIDES) await openLoop(send(sides[side]), { rate: RATE, count: WARMUP });
    const samples: Record<Side, Samples> = { direct: new Samples(), pooled: new Samples() };
    const random = seededRandom(SEED);
    for (let round = 0; round < ROUNDS * SETS_PER_ROUND; round += 1) {
      for (const side of shuffled(SIDES, random)) {
        const { results, lateness } = await openLoop(send(sides[side]), { rate: RATE, count: BLOCK });
        samples[side].add(results, lateness, { count: 0, totalMs: 0, maxMs: 0 });
      }
    }
    const counted = await Promise.all(SIDES.map((side) => countCases(context, sides[side].guild.guildId)));
    emit(report, samples, counted);
  } finally {
    for (const contender of Object.values(contenders)) {
      await contender.warden
        .stop()
        .catch((error: unknown) => progress(`pooler: stopping ${contender.warden.name}: ${String(error)}`));
      await contender.sim.close();
    }
    await bouncer?.stop();
  }
}

function emit(report: Reporter, samples: Record<Side, Samples>, counted: readonly number[]): void {
  const { direct, pooled } = samples;
  const timed = direct.values.length;
  report.emit(
    "pooler.warn.overhead_ratio",
    pooled.p50 / direct.p50,
    "ratio",
    `p50 /warn through PgBouncer ${ms(pooled.p50)} / p50 /warn direct ${ms(direct.p50)} (goal ≤ 1.3); p99 ` +
      `${ms(pooled.p99)} / ${ms(direct.p99)}; deferred ${pooled.deferred} / ${direct.deferred}; open loop at ` +
      `${RATE}/s, ${ROUNDS * SETS_PER_ROUND} blocks of ${BLOCK} per side in random order (${timed} timed each, ` +
      `${WARMUP} untimed first); PgBouncer 1.18 pool_mode=transaction, default_pool_size=${POOL_SIZE}; one ` +
      `Warden process per side on the same database; sends at most ${ms(Math.max(direct.maxLate, pooled.maxLate))} ` +
      `behind the timetable; ${counted.join(" and ")} cases numbered 1..N without gaps`,
  );
}
