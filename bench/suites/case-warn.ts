import { REPEAT_WINDOW_MS } from "../../src/cogs/moderation/moderation-actions";
import { RepeatGuard } from "../../src/controllers/repeat-guard";
import { CaseType } from "../../src/entities";
import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain, type BotProcess } from "../lib/bot-process";
import { checkSameStatements, recordCaseByHand } from "../lib/case-by-hand";
import { cpuDuring } from "../lib/cpu";
import { addGc, tallyGc, type GcTally } from "../lib/gc";
import { openLoop, Samples, type OpenLoopResult } from "../lib/open-loop";
import { progress, type Reporter } from "../lib/output";
import { seededRandom, shuffled } from "../lib/random";
import { pingLatency, type Answer } from "../lib/simulator";
import { median, ms, percentile } from "../lib/stats";
import { turnOffDms, warnGuild, warnLatency, warnReason, type WarnGuild } from "../lib/warn-guild";

/** Requests per second, open loop, whichever side is running. */
const RATE = 100;
/** Untimed requests per side before the first round (JIT, connection pools, caches). */
const WARMUP = 300;
/** Timed requests per block (0.5 s at RATE). */
const BLOCK = 50;
/** Blocks per side per round: each set runs one block of each side, in an order drawn at random. */
const SETS_PER_ROUND = 8;
const ROUNDS = 5;
const SEED = 20_240_715;
/** Members warned in turn, so cases spread over targets as they would in a real guild. */
const TARGETS = 1000;

const SIDES = ["warn", "ping", "raw"] as const;
type Side = (typeof SIDES)[number];
type Round = Record<Side, Samples>;

/** Sends the `index`-th request of a side and resolves with how (and how fast) it was answered. */
type Send = (index: number) => Promise<Answer>;

/** One block of one side; `pid` is the process whose CPU time the block charges (Warden's, for its sides). */
async function runBlock(send: Send, into: Samples, pid?: number): Promise<void> {
  const block = (): Promise<[OpenLoopResult<Answer>, GcTally]> =>
    tallyGc(() => openLoop(send, { rate: RATE, count: BLOCK }));
  const [[{ results, lateness }, gc], cpuMs] =
    pid === undefined ? [await block(), 0] : await cpuDuring(pid, block);
  into.add(results, lateness, gc);
  into.cpuMs += cpuMs;
}

/** A counter per side, so every request (warm-up included) warns the next member in turn. */
function senders(sim: DiscordSimulator, context: BenchContext, guild: WarnGuild): Record<Side, Send> {
  const sent: Record<Side, number> = { warn: 0, ping: 0, raw: 0 };
  const next = (side: Side): number => (sent[side] += 1);
  const moderator = { guildId: guild.guildId, userId: guild.moderatorId };
  return {
    warn: () => warnLatency(sim, guild, next("warn")),
    ping: () => pingLatency(sim, moderator),
    raw: async () => {
      const index = next("raw");
      const target = guild.targets[index % guild.targets.length];
      if (!target) throw new Error("the guild has no members");
      const started = performance.now();
      await recordCaseByHand(context.raw, {
        guildId: guild.guildId,
        type: CaseType.Warn,
        targetId: target.id,
        targetName: target.username,
        moderatorId: guild.moderatorId,
        // Not /warn's reason for the same member: that would be a repeat (and the bot would refuse it).
        reason: `${warnReason(index)} by hand`,
      });
      return { ms: performance.now() - started, deferred: false };
    },
  };
}

/** Warden as `npm start` runs it (dist/src/main.js), one shard, on the bench database. */
function startWarden(sim: DiscordSimulator, context: BenchContext): Promise<BotProcess> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const env = botEnv(sim, { DATABASE_URL: databaseUrl, LOG_LEVEL: "info" });
  return startBotProcess("warden", wardenMain(), env, WARDEN_READY_LINE);
}

/**
 * `/warn` end to end through Warden (a child process) at RATE/s, against `/ping` on the same process and
 * against the case-recording transaction written by hand on raw pg from this process: one guild (every
 * case takes the same counter row), targets in turn, DMs on action turned off, no mod-log channel.
 */
export async function benchCaseWarn(context: BenchContext, report: Reporter): Promise<void> {
  const sim = await DiscordSimulator.start();
  let warden: BotProcess | undefined;
  try {
    const guild = warnGuild(sim, TARGETS);
    const guard = context.container.resolve(RepeatGuard);
    await checkSameStatements(context.db, () =>
      guard.recordAction(
        {
          guildId: guild.guildId,
          type: CaseType.Warn,
          targetId: guild.targets[0]?.id ?? "",
          moderatorId: guild.moderatorId,
          reason: warnReason(0),
        },
        REPEAT_WINDOW_MS,
      ),
    );
    warden = await startWarden(sim, context);
    await turnOffDms(sim, guild);
    const send = senders(sim, context, guild);
    let warmupDeferred = 0;
    for (const side of SIDES) {
      const { results } = await openLoop(send[side], { rate: RATE, count: WARMUP });
      warmupDeferred += results.filter((answer) => answer.deferred).length;
    }
    sim.requests.clear();
    const random = seededRandom(SEED);
    const rounds: Round[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      const round: Round = { warn: new Samples(), ping: new Samples(), raw: new Samples() };
      for (let set = 0; set < SETS_PER_ROUND; set += 1) {
        for (const side of shuffled(SIDES, random)) {
          await runBlock(send[side], round[side], side === "raw" ? undefined : warden.pid);
        }
      }
      rounds.push(round);
      progress(
        `case.warn: round ${index + 1}/${ROUNDS} p50 warn ${ms(round.warn.p50)}, ping ${ms(round.ping.p50)}, ` +
          `raw ${ms(round.raw.p50)}; p99 warn ${ms(round.warn.p99)}; deferred warn ${round.warn.deferred}, ` +
          `ping ${round.ping.deferred}`,
      );
    }
    const dms = sim.requests.filter("POST", "/users/@me/channels").length;
    if (dms > 0) throw new Error(`Warden opened ${dms} DM channels with dm-on-action off`);
    const counted = await countCases(context, guild.guildId);
    emit(report, rounds, counted, warmupDeferred);
  } finally {
    await warden
      ?.stop()
      .catch((error: unknown) => progress(`case.warn: stopping ${warden?.name}: ${String(error)}`));
    await sim.close();
  }
}

/** The guild's cases must be numbered 1..N without gaps or duplicates, and the counter must say N. */
export async function countCases(context: BenchContext, guildId: string): Promise<number> {
  const result = await context.raw.query<{ n: number; distinct: number; top: number; counter: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct, max(number) AS top,
            (SELECT case_counter FROM guilds WHERE id = $1) AS counter
       FROM cases WHERE guild_id = $1`,
    [guildId],
  );
  const row = result.rows[0];
  if (!row || row.n !== row.distinct || row.n !== row.top || row.n !== row.counter) {
    throw new Error(`the bench guild's cases are not numbered 1..N: ${JSON.stringify(row)}`);
  }
  return row.n;
}

function emit(report: Reporter, rounds: readonly Round[], counted: number, warmupDeferred: number): void {
  const pooled = (side: Side, p: number): number =>
    percentile(
      rounds.flatMap((round) => round[side].values),
      p,
    );
  const ratioOf = (warn: number, ping: number, raw: number): number => warn / (ping + raw);
  const perRound = rounds.map((round) => ratioOf(round.warn.p50, round.ping.p50, round.raw.p50));
  const [warn50, ping50, raw50] = [pooled("warn", 50), pooled("ping", 50), pooled("raw", 50)];
  const samples = rounds.reduce((sum, round) => sum + round.warn.values.length, 0);
  const maxLate = Math.max(...rounds.flatMap((round) => SIDES.map((side) => round[side].maxLate)));
  const gc = (side: Side): string =>
    gcText(rounds.reduce((sum, round) => addGc(sum, round[side].gc), { count: 0, totalMs: 0, maxMs: 0 }));
  const setup =
    `open loop at ${RATE}/s; ${ROUNDS} rounds of ${SETS_PER_ROUND} sets, each set one block of ${BLOCK} per side ` +
    `(/warn, /ping, raw pg) in random order; ${WARMUP} untimed per side first; ${samples} timed per side; ` +
    `one guild, ${TARGETS} targets in turn, dm-on-action off, no mod-log channel; Warden is dist/src/main.js ` +
    `in its own process; sends at most ${ms(maxLate)} behind the timetable; ${counted} cases numbered 1..N ` +
    `without gaps; GC in the bench process while timed: warn ${gc("warn")}, ping ${gc("ping")}, raw ${gc("raw")}`;
  report.emit(
    "case.warn.p50_ms",
    warn50,
    "ms",
    `/warn simulator INTERACTION_CREATE → callback request, pooled p50 (p90 ${ms(pooled("warn", 90))}); ` +
      `/ping on the same process p50 ${ms(ping50)}; hand-written case transaction on raw pg p50 ${ms(raw50)}`,
  );
  report.emit(
    "case.warn.p99_ms",
    pooled("warn", 99),
    "ms",
    `/warn pooled p99 (p99.9 ${ms(pooled("warn", 99.9))}); /ping p99 ${ms(pooled("ping", 99))}; ` +
      `raw pg transaction p99 ${ms(pooled("raw", 99))}; ${setup}`,
  );
  report.emit(
    "case.warn.overhead_ratio",
    ratioOf(warn50, ping50, raw50),
    "ratio",
    `p50 /warn ${ms(warn50)} / (p50 /ping ${ms(ping50)} + p50 raw pg BEGIN; member lock; newest case; counter upsert RETURNING; ` +
      `INSERT INTO cases … RETURNING id; COMMIT ${ms(raw50)}), pooled over all rounds (target ≤ 1.3); ` +
      `median of per-round ratios ${median(perRound).toFixed(3)} (${perRound.map((r) => r.toFixed(2)).join(", ")}); ` +
      `Warden's own share (p50 /warn − p50 /ping − p50 raw) ${ms(warn50 - ping50 - raw50)}: it stays put while ` +
      `the round trips in the denominator swing with the machine, so the ratio drops on slow runs`,
  );
  const cpuUs = (side: Side): number => {
    const cpuMs = rounds.reduce((sum, round) => sum + round[side].cpuMs, 0);
    return (cpuMs * 1000) / rounds.reduce((sum, round) => sum + round[side].values.length, 0);
  };
  report.emit(
    "interaction.warn.cpu_us",
    cpuUs("warn"),
    "us",
    `Warden process CPU (user + system, /proc) per timed /warn (case transaction, embed, audit), pooled over ` +
      `${samples}; per /ping on the same process ${Math.round(cpuUs("ping"))} µs`,
  );
  const deferred = (side: Side): number => rounds.reduce((sum, round) => sum + round[side].deferred, 0);
  report.emit(
    "case.warn.deferred",
    deferred("warn"),
    "count",
    `timed /warn answered only after a defer (the bot's automatic defer before Discord's 3 s; their latency ` +
      `above runs until the deferred reply was filled), of ${samples}; /ping ${deferred("ping")} of ${samples}; ` +
      `${warmupDeferred} deferred during the warm-up; 0 on a quiet machine`,
  );
}

function gcText(gc: GcTally): string {
  return `${gc.count}× ${ms(gc.totalMs)} (max ${ms(gc.maxMs)})`;
}
