import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { storableText } from "../database/postgres-text";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { ActivityController, HOUR_MS, type ActivityDelta } from "./activity-controller";
import { BoundedQueue } from "../buffers/bounded-queue";
import { BufferEvents } from "../buffers/buffer-events";
import { BufferGuard } from "../buffers/buffer-guard";
import { writeIsolating } from "../database/isolating-write";
import { MessageLogController, type LoggedMessage } from "./message-log-controller";
import { SerialFlush } from "../buffers/serial-flush";
import { HourCounts } from "./hour-counts";
import { Sightings } from "./sightings";
import { UserController } from "./user-controller";

/**
 * Message counts, logged messages and when users were last seen (messages and interactions), held in memory
 * between flushes, so a busy guild costs one bulk statement per part per flush instead of one write per
 * message. A flush the database cannot take puts back what
 * it took, so nothing is lost or counted twice; a row the database refuses is dropped alone. Each part
 * holds at most BUFFER_MAX_ITEMS (members, messages, users): beyond, the oldest are dropped and counted.
 */
@service()
export class ActivityBuffer {
  private deltas = new Map<string, ActivityDelta>();
  private readonly messages: BoundedQueue<LoggedMessage>;
  private readonly sightings: Sightings;
  private readonly flushes = new SerialFlush(() => this.writeOnce());
  private readonly deltaGuard: BufferGuard;
  private readonly messageGuard: BufferGuard;
  private readonly seenGuard: BufferGuard;

  constructor(
    @inject(ActivityController) private readonly activity: ActivityController,
    @inject(MessageLogController) private readonly messageLog: MessageLogController,
    @inject(UserController) private readonly users: UserController,
    @inject(BufferEvents) events: BufferEvents,
    @inject(TOKENS.Config) config: Config,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    const capacity = config.BUFFER_MAX_ITEMS;
    this.messages = new BoundedQueue(capacity);
    this.sightings = new Sightings(capacity);
    this.deltaGuard = new BufferGuard("activity", capacity, logger, events);
    this.messageGuard = new BufferGuard("message_log", capacity, logger, events);
    this.seenGuard = new BufferGuard("last_seen", capacity, logger, events);
  }

  /** Members with unflushed messages. */
  get memberCount(): number {
    return this.deltas.size;
  }

  get loggedMessageCount(): number {
    return this.messages.length;
  }

  /** Users seen since the last flush. */
  get seenCount(): number {
    return this.sightings.size;
  }

  /** The user was active (an interaction, say): their last-seen moves forward at the next flush. */
  recordSeen(userId: string, at: Date): void {
    this.seenGuard.overflowed(this.sightings.record(userId, at));
  }

  recordMessage(guildId: string, userId: string, at: Date): void {
    this.recordSeen(userId, at);
    const key = `${guildId}:${userId}`;
    const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    const delta = this.deltas.get(key);
    if (!delta) {
      this.deltas.set(key, { guildId, userId, messages: 1, lastSeenAt: at, hours: new HourCounts(hour) });
      this.deltaGuard.overflowed(this.evictOldestMembers());
      return;
    }
    delta.messages += 1;
    delta.hours.add(hour);
    if (at > delta.lastSeenAt) delta.lastSeenAt = at;
  }

  logMessage(message: LoggedMessage): void {
    const stored = { ...message, content: storableText(message.content) };
    this.messageGuard.overflowed(this.messages.push(stored));
  }

  /** What a member has sent since the last flush (to add to what the database holds). */
  pending(guildId: string, userId: string): ActivityDelta | undefined {
    return this.deltas.get(`${guildId}:${userId}`);
  }

  /**
   * Writes everything buffered; concurrent calls wait for the flush in progress and then flush again.
   * Rejects (with what was not written put back) when the database cannot take the writes.
   */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  private async writeOnce(): Promise<void> {
    const deltas = this.deltas;
    const messages = this.messages.takeAll();
    this.deltas = new Map();
    const counted = await writeIsolating([...deltas.values()], (batch) => this.activity.addAll(batch));
    this.deltaGuard.rejected(counted.rejected, ({ guildId, userId }) => ({ guildId, userId }));
    if (counted.error !== undefined) {
      this.restoreDeltas(counted.unwritten);
      this.messageGuard.overflowed(this.messages.putBack(messages));
      throw counted.error;
    }
    const logged = await writeIsolating(messages, (batch) => this.messageLog.insertAll(batch));
    this.messageGuard.rejected(logged.rejected, ({ guildId, channelId, userId, messageId }) => ({
      guildId,
      channelId,
      userId,
      messageId,
    }));
    if (logged.error !== undefined) {
      this.messageGuard.overflowed(this.messages.putBack(logged.unwritten));
      throw logged.error;
    }
    const seen = await writeIsolating(this.sightings.takeAll(), (batch) => this.users.markSeen(batch));
    this.seenGuard.rejected(seen.rejected, ({ userId }) => ({ userId }));
    if (seen.error !== undefined) {
      this.seenGuard.overflowed(this.sightings.putBack(seen.unwritten));
      throw seen.error;
    }
    this.deltaGuard.drained();
    this.messageGuard.drained();
    this.seenGuard.drained();
  }

  /** Puts deltas a failed flush took back under those counted since (which are newer). */
  private restoreDeltas(taken: readonly ActivityDelta[]): void {
    const newer = this.deltas;
    this.deltas = new Map();
    for (const delta of taken) this.deltas.set(`${delta.guildId}:${delta.userId}`, delta);
    for (const [key, delta] of newer) {
      const older = this.deltas.get(key);
      if (!older) {
        this.deltas.set(key, delta);
        continue;
      }
      older.messages += delta.messages;
      for (const [hour, count] of delta.hours) older.hours.add(hour, count);
      if (delta.lastSeenAt > older.lastSeenAt) older.lastSeenAt = delta.lastSeenAt;
    }
    this.deltaGuard.overflowed(this.evictOldestMembers());
  }

  /** Drops the members counted longest ago while there are too many; returns how many. */
  private evictOldestMembers(): number {
    let evicted = 0;
    for (const key of this.deltas.keys()) {
      if (this.deltas.size <= this.deltaGuard.capacity) break;
      this.deltas.delete(key);
      evicted += 1;
    }
    return evicted;
  }
}
