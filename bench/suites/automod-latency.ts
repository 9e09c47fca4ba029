import { DiscordSimulator } from "../../simulator";
import type { BenchContext } from "../lib/app";
import { botEnv, startBotProcess, WARDEN_READY_LINE, wardenMain } from "../lib/bot-process";
import { progress, type Reporter } from "../lib/output";
import { median, percentile } from "../lib/stats";

const WARMUP = 30;
const MESSAGES = 300;
const DELETE_TIMEOUT_MS = 10_000;
/**
 * One message every 50 ms: discord.js holds every bot to Discord's global 50 requests per second, and a
 * faster stream of deletes measures that wait (~1 s every 50 messages) rather than Warden.
 */
const PACE_MS = 50;

/**
 * MESSAGE_CREATE → action through the simulator against a real Warden process (`dist/src/main.js`): a
 * member posts a message breaking the guild's word rule, and the time is taken from the simulator's
 * dispatch to Warden's DELETE of that message arriving. One message at a time, paced, so queueing is not measured.
 */
export async function benchAutomodLatency(context: BenchContext, report: Reporter): Promise<void> {
  const databaseUrl = context.config.DATABASE_URL;
  if (!databaseUrl) throw new Error("the bench context has no DATABASE_URL");
  const sim = await DiscordSimulator.start();
  try {
    const guild = sim.createGuild({ name: "Automod bench" });
    const channel = guild.createChannel({ name: "chat" });
    const member = sim.createUser({ username: "spammer" });
    guild.addMember(member.id);
    await context.raw.query(
      `INSERT INTO automod_rules (guild_id, rule, enabled, actions, "limit", window_seconds, patterns)
       VALUES ($1, 'words', true, '{delete}', 1, 60, '{spam,"/fr[e3]{2} n[i1]tro/"}')
       ON CONFLICT (guild_id, rule) DO NOTHING`,
      [guild.id],
    );
    const env = botEnv(sim, { DATABASE_URL: databaseUrl, LOG_LEVEL: "info", PRIVILEGED_INTENTS: "true" });
    const bot = await startBotProcess("warden", wardenMain(), env, WARDEN_READY_LINE);
    try {
      const times: number[] = [];
      for (let index = 0; index < WARMUP + MESSAGES; index += 1) {
        const started = process.hrtime.bigint();
        const message = sim.postMessage({
          channelId: channel.id,
          userId: member.id,
          content: `buy spam now, offer ${index}`,
        });
        const deleted = await sim.requests.waitFor(
          "DELETE",
          `/channels/${channel.id}/messages/${message.id}`,
          {
            timeoutMs: DELETE_TIMEOUT_MS,
          },
        );
        const took = Number(deleted.at - started) / 1e6;
        if (index >= WARMUP) times.push(took);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, PACE_MS - took)));
      }
      const p99 = percentile(times, 99);
      const slowest = times
        .map((time, index) => ({ time, index }))
        .sort((a, b) => b.time - a.time)
        .slice(0, 3)
        .map(({ time, index }) => `#${index} ${time.toFixed(1)} ms`);
      progress(
        `automod latency: p50 ${median(times).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; slowest ${slowest.join(", ")}`,
      );
      report.emit(
        "automod.added_latency_p99_ms",
        p99,
        "ms",
        `MESSAGE_CREATE dispatched → Warden's DELETE arriving, ${MESSAGES} messages one at a time, one per ${PACE_MS} ms ` +
          `(p50 ${median(times).toFixed(2)} ms), a real Warden process against the simulator`,
      );
    } finally {
      await bot.stop();
    }
  } finally {
    await sim.close();
  }
}
