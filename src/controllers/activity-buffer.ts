import { inject, injectable } from "tsyringe";
import { SerialFlush } from "./serial-flush";
import { ActivityController, type ActivityDelta } from "./activity-controller";
import { MessageLogController, type LoggedMessage } from "./message-log-controller";

/**
 * Message counts (and logged messages) held in memory between flushes, so a busy guild costs one bulk
 * statement per flush instead of one write per message. A flush that fails puts what it took back, so
 * the next attempt writes it: nothing is lost, nothing is counted twice.
 */
@injectable()
export class ActivityBuffer {
  private deltas = new Map<string, ActivityDelta>();
  private messages: LoggedMessage[] = [];
  private readonly flushes = new SerialFlush(() => this.writeOnce());

  constructor(
    @inject(ActivityController) private readonly activity: ActivityController,
    @inject(MessageLogController) private readonly messageLog: MessageLogController,
  ) {}

  /** Members with unflushed messages. */
  get memberCount(): number {
    return this.deltas.size;
  }

  get loggedMessageCount(): number {
    return this.messages.length;
  }

  recordMessage(guildId: string, userId: string, at: Date): void {
    const key = `${guildId}:${userId}`;
    const delta = this.deltas.get(key);
    if (!delta) {
      this.deltas.set(key, { guildId, userId, messages: 1, lastSeenAt: at });
      return;
    }
    delta.messages += 1;
    if (at > delta.lastSeenAt) delta.lastSeenAt = at;
  }

  logMessage(message: LoggedMessage): void {
    this.messages.push(message);
  }

  /** What a member has sent since the last flush (to add to what the database holds). */
  pending(guildId: string, userId: string): ActivityDelta | undefined {
    return this.deltas.get(`${guildId}:${userId}`);
  }

  /** Writes everything buffered; concurrent calls wait for the flush in progress and then flush again. */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  private async writeOnce(): Promise<void> {
    const deltas = this.deltas;
    const messages = this.messages;
    this.deltas = new Map();
    this.messages = [];
    try {
      await this.activity.addAll([...deltas.values()]);
    } catch (error) {
      this.restoreDeltas(deltas);
      this.messages = [...messages, ...this.messages];
      throw error;
    }
    try {
      await this.messageLog.insertAll(messages);
    } catch (error) {
      this.messages = [...messages, ...this.messages];
      throw error;
    }
  }

  private restoreDeltas(taken: Map<string, ActivityDelta>): void {
    for (const [key, delta] of taken) {
      const newer = this.deltas.get(key);
      if (newer) {
        newer.messages += delta.messages;
        if (delta.lastSeenAt > newer.lastSeenAt) newer.lastSeenAt = delta.lastSeenAt;
      } else {
        this.deltas.set(key, delta);
      }
    }
  }
}
