import { writeFileSync } from "node:fs";
import path from "node:path";
import { RetentionController } from "../../src/controllers/retention-controller";
import { UsageController, usagePeriodStart, type UsageScope } from "../../src/controllers/usage-controller";
import { USAGE_WINDOW_HOURS } from "../../src/entities/usage-window";
import { benchLogger, type BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms } from "../lib/stats";
import { compareLatencies } from "../lib/timing";
import { buildUsageWorld, GUILD_BASE, type UsageWorld } from "../lib/usage-world";

const SMALL = 100_000;
const LARGE = Number(process.env.BENCH_STATS_EVENTS ?? 10_000_000);
/** A guild of middling use (guild 100 of 1,000: about 0.07 % of all events). */
const GUILD = String(GUILD_BASE + 100n);
/** A guild with no config row (30 days, so raw usage for 31): the retention rounds give it expired rows. */
const EXPIRING_GUILD = String(GUILD_BASE + 5_000n);
const EXPIRED_PER_ROUND = 1_000;
const PERIODS = [...USAGE_WINDOW_HOURS, null];

/** The four periods of `/stats`, in turn, for one scope. */
function scopeAt(guildId: string | null, index: number): UsageScope {
  return { guildId, hours: PERIODS[index % PERIODS.length] ?? null };
}

/**
 * `/stats` and the retention job over 100,000 and over 10 million usage events (two databases on the same
 * server, timed in alternating blocks): the roll-ups must keep both about as fast at 10 million.
 */
export async function benchStatsScale(context: BenchContext, report: Reporter): Promise<void> {
  const serverUrl = context.config.DATABASE_URL;
  if (!serverUrl) throw new Error("the bench context has no DATABASE_URL");
  const worlds: UsageWorld[] = [];
  try {
    for (const [name, events] of [
      ["stats_100k", SMALL],
      ["stats_10m", LARGE],
    ] as const) {
      const world = await buildUsageWorld(serverUrl, name, events, benchLogger());
      worlds.push(world);
      report.emit(
        `stats.generate_${name.slice(6)}_s`,
        world.generatedMs / 1000,
        "count",
        `seconds to generate ${events} usage events in PostgreSQL over two connections (INSERT … SELECT generate_series, indexes ` +
          `rebuilt after), back-fill the roll-ups with the migration's SQL, and VACUUM ANALYZE`,
      );
    }
    const [small, large] = worlds as [UsageWorld, UsageWorld];
    await compareSummaries(report, small, large, GUILD, "stats.summary");
    await compareSummaries(report, small, large, null, "stats.summary_global");
    await compareRetention(report, small, large);
    await explainAll(large);
  } finally {
    for (const world of worlds) await world.drop().catch(() => undefined);
  }
}

async function compareSummaries(
  report: Reporter,
  small: UsageWorld,
  large: UsageWorld,
  guildId: string | null,
  metric: string,
): Promise<void> {
  progress(`stats: ${metric} at ${small.events} vs ${large.events} events`);
  const summary = (world: UsageWorld) => (index: number) =>
    world.context.container.resolve(UsageController).summary(scopeAt(guildId, index));
  const [atSmall, atLarge] = await compareLatencies(summary(small), summary(large), {
    warmup: 8,
    rounds: 10,
    perRound: 8,
  });
  const [smallMs, largeMs] = [median(atSmall), median(atLarge)];
  const who = guildId === null ? "every guild (owners)" : "one guild of middling use";
  const detail = `UsageController.summary for ${who}, the four periods in turn; medians of ${atSmall.length} interleaved calls`;
  report.emit(`${metric}_ms`, smallMs, "ms", `${detail}; ${small.events} events`);
  report.emit(`${metric}_ms`, largeMs, "ms", `${detail}; ${large.events} events`);
  report.emit(
    `${metric}.growth_ratio`,
    largeMs / smallMs,
    "ratio",
    `${ms(largeMs)} at ${large.events} events / ${ms(smallMs)} at ${small.events}`,
  );
}

/** Expired rows, as a steady hourly run finds them: the same number in both worlds. */
async function expire(world: UsageWorld): Promise<void> {
  await world.client.query(
    `INSERT INTO usage_events (guild_id, user_id, command, outcome, latency_ms, locale, created_at)
     SELECT $1::bigint, 900000000000000000 + n, '/ping', 'ok', 10, 'en', now() - interval '40 days'
       FROM generate_series(1, $2::int) n`,
    [EXPIRING_GUILD, EXPIRED_PER_ROUND],
  );
}

async function compareRetention(report: Reporter, small: UsageWorld, large: UsageWorld): Promise<void> {
  progress("stats: retention job at both sizes");
  const purge = (world: UsageWorld) => async () => {
    const deleted = await world.context.container.resolve(RetentionController).purgeExpired();
    if (deleted.usage_events !== EXPIRED_PER_ROUND)
      throw new Error(`retention deleted ${deleted.usage_events} usage events, not ${EXPIRED_PER_ROUND}`);
  };
  const timings: [number[], number[]] = [[], []];
  for (let round = 0; round < 12; round += 1) {
    const order = round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const side of order) {
      const world = side === 0 ? small : large;
      await expire(world);
      const started = performance.now();
      await purge(world)();
      if (round >= 2) timings[side].push(performance.now() - started);
    }
  }
  const [smallMs, largeMs] = [median(timings[0]), median(timings[1])];
  const detail = `RetentionController.purgeExpired removing ${EXPIRED_PER_ROUND} expired usage events among the kept ones (every generated guild keeps 10 years); medians of ${timings[0].length} alternating runs`;
  report.emit("retention_ms", smallMs, "ms", `${detail}; ${small.events} events`);
  report.emit("retention_ms", largeMs, "ms", `${detail}; ${large.events} events`);
  report.emit(
    "retention.growth_ratio",
    largeMs / smallMs,
    "ratio",
    `${ms(largeMs)} at ${large.events} events / ${ms(smallMs)} at ${small.events}`,
  );
}

/** The plans of every statement /stats and the retention job send, at 10 million events, for the record. */
async function explainAll(world: UsageWorld): Promise<void> {
  const { db } = world.context;
  const plans: string[] = [];
  const explain = async (statement: string, parameters: unknown[]): Promise<void> => {
    const used = Math.max(0, ...[...statement.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
    await world.client.query("BEGIN");
    try {
      const plan = await world.client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement}`,
        parameters.slice(0, used),
      );
      plans.push(
        `${statement.trim()}\n-- ${JSON.stringify(parameters.slice(0, used))}\n${plan.rows.map((row) => row["QUERY PLAN"]).join("\n")}\n`,
      );
    } finally {
      await world.client.query("ROLLBACK");
    }
  };
  for (const guildId of [GUILD, null]) {
    for (let index = 0; index < PERIODS.length; index += 1) {
      const scope = scopeAt(guildId, index);
      const { statements } = await db.queries.record(() =>
        world.context.container.resolve(UsageController).summary(scope),
      );
      const head = [
        guildId ?? "0",
        ...(scope.hours === null ? [] : [usagePeriodStart(scope.hours).toISOString(), scope.hours]),
      ];
      for (const statement of statements) await explain(statement, [...head, 7]);
    }
  }
  await expire(world);
  const { statements } = await db.queries.record(() =>
    world.context.container.resolve(RetentionController).purgeExpired(),
  );
  for (const statement of new Set(statements)) await explain(statement, [5000, 31]);
  const file = path.resolve(__dirname, "..", "..", "..", "bench", "results", "stats-plans.txt");
  writeFileSync(file, plans.join("\n"));
  progress(`stats: plans at ${world.events} events written to ${file}`);
}
