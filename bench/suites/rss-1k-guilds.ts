import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../src/config";
import { DiscordSimulator, type SessionInfo, type SimGuild } from "../../simulator";
import type { BenchContext } from "../lib/app";
import {
  botEnv,
  forcedGc,
  startBotProcess,
  WARDEN_READY_LINE,
  wardenMain,
  type BotProcess,
} from "../lib/bot-process";
import { chatStream, type ChatStreamResult } from "../lib/chat-stream";
import { procStatusMb } from "../lib/child";
import { progress, type Reporter } from "../lib/output";
import { pingLatency, type PingTarget } from "../lib/simulator";
import { median, ms } from "../lib/stats";

const WORLD = { guilds: 1000, membersPerGuild: 200, channelsPerGuild: 20 };
/** 100 messages per guild on average, from members drawn at random (most of them speak once). */
const CHAT = { rate: 5000, count: 100_000, seed: 20_250_113 };
const SETTLE_MS = 5_000;
/** After SIGUSR2: full collections until the heap stops shrinking (bench/children/gc-on-signal.ts). */
const AFTER_GC_MS = 3_000;
const SAMPLES = 3;
const SERVED_TIMEOUT_MS = 120_000;
const PING_TIMEOUT_MS = 5_000;

/**
 * With MEMORY_REPORT_DIR set, each bot writes there where its memory is after the forced GC, its heap over
 * time, and with HEAP_SNAPSHOTS=1 a heap snapshot (see gc-on-signal.ts): for finding out what grew.
 */
function memoryReport(bot: string): Record<string, string> {
  const dir = process.env.MEMORY_REPORT_DIR;
  if (!dir) return {};
  const files: Record<string, string> = {
    MEMORY_REPORT_FILE: path.join(dir, `${bot}.json`),
    MEMORY_TIMELINE_FILE: path.join(dir, `${bot}-timeline.txt`),
  };
  if (process.env.HEAP_SNAPSHOTS === "1") files.HEAP_SNAPSHOT_FILE = path.join(dir, `${bot}.heapsnapshot`);
  return files;
}

interface Measured {
  session: SessionInfo;
  /** READY sent → the first /ping in the last guild answered "Pong!". */
  servedMs: number;
  chat: ChatStreamResult;
  /** End of the stream → a /ping queued behind it answered: how far the bot lagged. */
  drainMs: number;
  samples: number[];
  peakMb: number;
}

async function waitForSession(sim: DiscordSimulator): Promise<SessionInfo> {
  const deadline = performance.now() + SERVED_TIMEOUT_MS;
  for (;;) {
    const session = sim.sessions[0];
    if (session) return session;
    if (performance.now() > deadline) throw new Error("no bot identified with the simulator");
    await sleep(2);
  }
}

/** Sends /ping until one is answered "Pong!"; resolves with when. A ping Discord would expire is resent. */
async function firstPong(sim: DiscordSimulator, target: PingTarget): Promise<number> {
  const deadline = performance.now() + SERVED_TIMEOUT_MS;
  for (;;) {
    try {
      await pingLatency(sim, target, PING_TIMEOUT_MS);
      return performance.now();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

function targetIn(sim: DiscordSimulator, guild: SimGuild): PingTarget {
  const userId = [...guild.members.keys()].find((id) => id !== sim.botUser.id && id !== guild.ownerId);
  if (!userId) throw new Error(`guild ${guild.id} has no ordinary member`);
  return { guildId: guild.id, userId };
}

/** Starts one bot alone against the world, times its start, streams the chat, settles, reads its memory. */
async function measure(
  sim: DiscordSimulator,
  guilds: readonly SimGuild[],
  start: () => Promise<BotProcess>,
): Promise<Measured> {
  const starting = start();
  let bot: BotProcess | undefined;
  try {
    const hang = new Promise<never>(() => undefined);
    const session = await Promise.race([waitForSession(sim), starting.then(() => hang)]);
    const last = guilds.at(-1);
    if (!last) throw new Error("no guilds");
    const servedAt = await firstPong(sim, targetIn(sim, last));
    bot = await starting;
    const chat = await chatStream(sim, guilds, CHAT);
    const streamed = performance.now();
    const drained = await firstPong(sim, targetIn(sim, guilds[0] ?? last));
    await sleep(SETTLE_MS);
    bot.signal("SIGUSR2");
    await sleep(AFTER_GC_MS);
    const samples: number[] = [];
    for (let index = 0; index < SAMPLES; index += 1) {
      samples.push(await procStatusMb(bot.pid, "VmRSS"));
      await sleep(1000);
    }
    const peakMb = await procStatusMb(bot.pid, "VmHWM");
    return {
      session,
      servedMs: servedAt - session.readyAt,
      chat,
      drainMs: drained - streamed,
      samples,
      peakMb,
    };
  } finally {
    const stopping = bot ?? (await starting.catch(() => undefined));
    await stopping?.stop().catch((error: unknown) => progress(`rss1k: stopping: ${String(error)}`));
  }
}

/**
 * Resident memory and start-up of Warden against a bare discord.js client with default caches, each alone
 * against the same 1,000-guild world (200 members and 20 channels each) and the same chat stream, with the
 * same intents (Warden's, PRIVILEGED_INTENTS on: both receive members and message content).
 */
export async function benchRss1kGuilds(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const sim = await DiscordSimulator.start();
  try {
    const built = performance.now();
    const guilds = sim.populate(WORLD);
    progress(`rss1k: world built in ${ms(performance.now() - built)}`);
    const wardenEnv = botEnv(sim, {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "info",
      PRIVILEGED_INTENTS: "true",
      ...memoryReport("warden"),
    });
    const warden = await measure(sim, guilds, () =>
      startBotProcess("warden", wardenMain(), wardenEnv, WARDEN_READY_LINE, forcedGc()),
    );
    progress(`rss1k: warden ${text(warden)}`);
    const bareEnv = botEnv(sim, {
      BARE_SHARD: "0",
      BARE_SHARD_COUNT: "1",
      BARE_CONNECTIONS: String(loadConfig({}).DISCORD_REST_CONNECTIONS),
      BARE_INTENTS: String(warden.session.intents),
      ...memoryReport("bare"),
    });
    const script = path.resolve(__dirname, "..", "children", "bare-bot.js");
    const bare = await measure(sim, guilds, () =>
      startBotProcess("bare discord.js", script, bareEnv, "bare bot ready", forcedGc()),
    );
    progress(`rss1k: bare ${text(bare)}`);
    emit(report, warden, bare);
  } finally {
    await sim.close();
  }
}

function text(run: Measured): string {
  return (
    `VmRSS ${run.samples.map((sample) => sample.toFixed(1)).join(", ")} MiB (peak ${run.peakMb.toFixed(1)}); ` +
    `READY → served ${ms(run.servedMs)}; ${run.chat.posted} messages (stream at most ${ms(run.chat.maxLateMs)} ` +
    `behind), drained ${ms(run.drainMs)} after the last`
  );
}

function emit(report: Reporter, warden: Measured, bare: Measured): void {
  const rss = (run: Measured): number => median(run.samples);
  const setup =
    `${WORLD.guilds} guilds × ${WORLD.membersPerGuild} members × ${WORLD.channelsPerGuild} channels, one shard, ` +
    `intents ${warden.session.intents} (Warden's with PRIVILEGED_INTENTS=true) for both; ${CHAT.count} messages ` +
    `at ${CHAT.rate}/s from random members in random channels; VmRSS median of ${SAMPLES} samples 1 s apart ` +
    `after ${SETTLE_MS / 1000} s with no traffic, forced full collections until the heap stopped shrinking (SIGUSR2 → gc() at most 5 times, 250 ms apart) and ${AFTER_GC_MS / 1000} s from the first; each bot alone, its own process`;
  report.emit(
    "bot.rss_1k_guilds_mb",
    rss(warden),
    "MB",
    `Warden (dist/src/main.js): ${text(warden)}; ${setup}`,
  );
  report.emit(
    "bot.rss_1k_guilds_mb.bare_djs",
    rss(bare),
    "MB",
    `bare discord.js, default caches (bench/children/bare-bot.ts): ${text(bare)}`,
  );
  report.emit(
    "bot.rss_1k_guilds.vs_bare_djs",
    rss(warden) / rss(bare),
    "ratio",
    `VmRSS Warden / bare discord.js (goal ≤ 0.7): ${rss(warden).toFixed(1)} / ${rss(bare).toFixed(1)} MiB`,
  );
  report.emit(
    "bot.start_1k_guilds.ready_to_served_ms",
    warden.servedMs,
    "ms",
    `from the simulator sending READY (then the ${WORLD.guilds} GUILD_CREATEs) to Warden answering "Pong!" to a ` +
      `/ping in the last guild (sent right after READY, queued behind every GUILD_CREATE, resent if it expired); ` +
      `bare discord.js ${ms(bare.servedMs)}`,
  );
}
