import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { FuzzSession } from "../../test/support/fuzz/fuzz-session";
import { problemLines } from "../../test/support/fuzz/fuzz-runner";
import type { BenchContext } from "../lib/app";
import { wardenMain } from "../lib/bot-process";
import { progress, type Reporter } from "../lib/output";
import { withDatabase } from "../lib/server";
import { percentile } from "../lib/stats";

const COUNT = Number(process.env.BENCH_FUZZ_COUNT ?? 10_000);
/** Interactions per second: what Warden, the simulator and PostgreSQL sustain on 2 cores (50/s with a test run beside). */
const RATE = Number(process.env.BENCH_FUZZ_RATE ?? 200);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? Date.now() % 1_000_000);
const DATABASE = "warden_bench_fuzz";

/**
 * Issue 10's fuzz bar: COUNT schema-driven hostile interactions (every command leaf of the cogs, every
 * member kind, forged buttons, stray modals, hostile autocompletes) through the simulator to
 * dist/src/main.js on a database of its own, at a steady RATE: how many were answered within Discord's
 * 3 s, how many answers carried an incident id, how many rejections nobody handled, and whether
 * `/db integrity` (plus case numbering) is clean afterwards.
 */
export async function benchFuzz(context: BenchContext, report: Reporter): Promise<void> {
  const benchUrl = context.config.DATABASE_URL;
  if (!benchUrl) throw new Error("the bench context has no DATABASE_URL");
  const databaseUrl = await freshDatabase(benchUrl);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-fuzz-"));
  const session = await FuzzSession.start({
    botArgs: [wardenMain()],
    cwd: path.resolve(wardenMain(), "..", "..", ".."),
    databaseUrl,
    dataDir,
    log: progress,
  });
  try {
    progress(`fuzz: ${COUNT} interactions at ${RATE}/s, seed ${SEED}`);
    const tally = await session.run(SEED, COUNT, RATE);
    const integrity = await session.integrity();
    const unhandled = session.bot.unhandled().length;
    const crashed = !session.bot.running;
    const logged = session.bot.incidents().length;
    const exitCode = await session.stop();
    for (const line of problemLines(tally, 50)) progress(`fuzz: ${line}`);
    if (!integrity.ok) for (const line of integrity.lines) progress(`fuzz: integrity: ${line}`);
    const seen =
      `seed ${SEED}; ${tally.sent} sent at ${RATE}/s (sends at most ${Math.round(tally.maxLateMs)} ms late), ` +
      `${session.posted} hostile messages posted meanwhile; callback p50 ${percentile(tally.latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(tally.latencies, 99).toFixed(1)} ms, max ${Math.max(0, ...tally.latencies).toFixed(0)} ms`;
    report.emit(
      "fuzz.answered_ratio",
      tally.sent === 0 ? 0 : tally.answered / tally.sent,
      "ratio",
      `interactions acknowledged within 3 s / sent (goal 1.0); ${tally.unanswered.length} unanswered, ` +
        `${tally.unfinished.length} deferred and never finished, ${tally.notSent.length} the simulator refused to build; ${seen}`,
    );
    report.emit(
      "fuzz.unhandled",
      unhandled,
      "count",
      `"unhandled promise rejection" / "source":"unhandledRejection" lines the bot logged (goal 0); ` +
        `process ${crashed ? "CRASHED" : "alive throughout"}, exit code ${exitCode} on SIGTERM`,
    );
    report.emit(
      "fuzz.incidents",
      tally.incidents.length,
      "count",
      `answers quoting an incident id (goal 0; each one a bug, replay with BENCH_FUZZ_SEED=${SEED}); ` +
        `${logged} lines logged with an incident id, background work included`,
    );
    report.emit(
      "fuzz.integrity_ok",
      integrity.ok ? 1 : 0,
      "count",
      `/db integrity as the owner after the run, plus cases numbered 1..N and none pending: ${integrity.lines.join(" | ").slice(0, 600)}`,
    );
  } finally {
    if (session.bot.running) await session.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freshDatabase(benchUrl: string): Promise<string> {
  const client = new Client({ connectionString: benchUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
  return withDatabase(benchUrl, DATABASE);
}
