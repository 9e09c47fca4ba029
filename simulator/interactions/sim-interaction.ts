import type { APIInteractionResponseCallbackData, InteractionType } from "discord-api-types/v10";
import { Condition } from "../core/condition";
import type { SimMessage } from "../types";

/** The body data of an interaction callback, as the bot sent it. */
export type SimMessageData = APIInteractionResponseCallbackData;

export interface CallbackRecord {
  type: number;
  data?: SimMessageData;
  receivedAt: bigint;
}

/** What a test holds after sending an interaction: the bot's answers as they arrive. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly dispatchedAt: bigint;
  callback(timeoutMs?: number): Promise<CallbackRecord>;
  reply(timeoutMs?: number): Promise<SimMessage>;
  /**
   * The answer the member sees: the reply, or — when the bot deleted its "thinking…" message and followed
   * up instead (an error after a public defer is answered privately) — that follow-up.
   */
  answer(timeoutMs?: number): Promise<SimMessage>;
  followUps(): SimMessage[];
  waitForFollowUp(n?: number, timeoutMs?: number): Promise<SimMessage>;
  readonly deferred: boolean;
  readonly edits: number;
}

export interface InteractionContext {
  id: string;
  token: string;
  type: InteractionType;
  /** Null for an interaction in a DM with the bot. */
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAtMs: number;
  /** The message a component sits on (components, and modals opened from one). */
  sourceMessageId: string | null;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** One interaction's server-side state, also the handle tests use. */
export class SimInteraction implements InteractionHandle {
  dispatchedAt = 0n;
  deferred = false;
  edits = 0;
  callbackRecord: CallbackRecord | undefined;
  /** The message "@original" refers to, once there is one. */
  originalMessageId: string | null = null;
  /** True while a type-5 "thinking…" message waits for its content. */
  loading = false;
  /** The bot deleted the "@original" message. */
  originalDeleted = false;
  private finalReply: SimMessage | undefined;
  private readonly followUpMessages: SimMessage[] = [];
  private readonly changed = new Condition();

  constructor(readonly context: InteractionContext) {}

  get id(): string {
    return this.context.id;
  }

  get token(): string {
    return this.context.token;
  }

  get label(): string {
    return `interaction ${this.context.id}`;
  }

  callback(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CallbackRecord> {
    return this.changed.wait(() => this.callbackRecord, `the callback of ${this.label}`, timeoutMs);
  }

  reply(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SimMessage> {
    return this.changed.wait(() => this.finalReply, `the reply to ${this.label}`, timeoutMs);
  }

  answer(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SimMessage> {
    return this.changed.wait(
      () => this.finalReply ?? (this.originalDeleted ? this.followUpMessages[0] : undefined),
      `the answer to ${this.label}`,
      timeoutMs,
    );
  }

  followUps(): SimMessage[] {
    return [...this.followUpMessages];
  }

  waitForFollowUp(n = 1, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SimMessage> {
    return this.changed.wait(
      () => this.followUpMessages[n - 1],
      `follow-up #${n} of ${this.label}`,
      timeoutMs,
    );
  }

  recordCallback(record: CallbackRecord): void {
    this.callbackRecord = record;
    this.changed.notify();
  }

  /** The visible answer is known (a message, an edit of the deferred one, choices or a modal); kept as a
   * snapshot, so later edits do not change what `reply()` resolved with. */
  resolveReply(message: SimMessage): void {
    if (this.finalReply === undefined) this.finalReply = { ...message };
    this.changed.notify();
  }

  recordOriginalDeleted(): void {
    this.originalDeleted = true;
    this.changed.notify();
  }

  recordFollowUp(message: SimMessage): void {
    this.followUpMessages.push({ ...message });
    this.changed.notify();
  }

  ownsMessage(messageId: string): boolean {
    return (
      messageId === this.originalMessageId ||
      this.followUpMessages.some((message) => message.id === messageId)
    );
  }

  cancelWaits(reason: string): void {
    this.changed.cancelAll(reason);
  }
}
