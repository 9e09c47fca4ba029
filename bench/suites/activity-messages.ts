import { ActivityBuffer } from "../../src/controllers/activity-buffer";
import { settle, type BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms } from "../lib/stats";

const EVENTS = 200_000;
const GUILDS = 10;
const MEMBERS_PER_GUILD = 200;
/** Events between flushes: the periodic flush of a busy bot (15 s at ~1,300 messages/s). */
const FLUSH_EVERY = 20_000;
const TRIALS = 7;
const WARMUP = 1;

/**
 * MESSAGE_CREATE as the activity cog absorbs it, minus the gateway: a count and last-seen per member in
 * memory, and one bulk INSERT … ON CONFLICT per flush. Events per second over the whole run, flushes included.
 */
export async function benchActivityMessages(context: BenchContext, report: Reporter): Promise<void> {
  const buffer = context.container.resolve(ActivityBuffer);
  const guilds = Array.from({ length: GUILDS }, (_unused, index) =>
    String(900_000_000_000_000_000n + BigInt(index)),
  );
  const users = Array.from({ length: MEMBERS_PER_GUILD }, (_unused, index) =>
    String(800_000_000_000_000_000n + BigInt(index)),
  );
  const timings: number[] = [];
  let statements = 0;
  progress(`activity: ${EVENTS} events, ${GUILDS * MEMBERS_PER_GUILD} members, a flush every ${FLUSH_EVERY}`);
  for (let trial = 0; trial < WARMUP + TRIALS; trial += 1) {
    await context.raw.query("TRUNCATE member_activity");
    await settle(context, "member_activity");
    const queriesBefore = context.db.queries.count;
    const started = performance.now();
    const at = new Date();
    for (let index = 0; index < EVENTS; index += 1) {
      const guildId = guilds[index % GUILDS] ?? "";
      const userId = users[Math.floor(index / GUILDS) % MEMBERS_PER_GUILD] ?? "";
      buffer.recordMessage(guildId, userId, at);
      if ((index + 1) % FLUSH_EVERY === 0) await buffer.flush();
    }
    await buffer.flush();
    const elapsed = performance.now() - started;
    if (trial >= WARMUP) {
      timings.push(elapsed);
      statements = context.db.queries.count - queriesBefore;
    }
    await verify(context);
  }
  const medianMs = median(timings);
  report.emit(
    "activity.messages_per_s",
    EVENTS / (medianMs / 1000),
    "ops/s",
    `${EVENTS} MESSAGE_CREATE events absorbed by ActivityBuffer (${GUILDS} guilds × ${MEMBERS_PER_GUILD} members) ` +
      `with a flush every ${FLUSH_EVERY} events and one at the end, ${statements} statements per run; median ` +
      `${ms(medianMs)} over ${TRIALS} trials after ${WARMUP} warm-up; the gateway and discord.js parsing are not included`,
  );
}

async function verify(context: BenchContext): Promise<void> {
  const { rows } = await context.raw.query<{ total: string }>(
    "SELECT COALESCE(sum(message_count), 0) AS total FROM member_activity",
  );
  if (Number(rows[0]?.total) !== EVENTS)
    throw new Error(`activity: stored ${rows[0]?.total} of ${EVENTS} events`);
}
