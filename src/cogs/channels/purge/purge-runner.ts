import {
  DiscordAPIError,
  HTTPError,
  RESTJSONErrorCodes,
  Routes,
  type APIMessage,
  type REST,
} from "discord.js";
import { isDiscordTimeout } from "../../../bot/discord-errors";

/** Discord's page of history and its bulk-delete batch. */
export const PAGE_SIZE = 100;
export const BULK_MAX = 100;
/** Bulk delete refuses messages older than 14 days; a minute's margin covers clocks and the trip there. */
export const BULK_MAX_AGE_MS = 14 * 86_400_000 - 60_000;
/** A filtered purge reads at most this much history looking for matches. */
export const MAX_SCANNED = 5_000;
const DISCORD_EPOCH = 1_420_070_400_000n;

export interface PurgeRequest {
  channelId: string;
  count: number;
  matches: (message: APIMessage) => boolean;
  /** Only messages older than this one (exclusive). */
  before?: string;
  /** Only messages newer than this one (exclusive). */
  after?: string;
  auditReason: string;
  /** Keep the deleted messages for a transcript. */
  transcript: boolean;
}

/** Why a purge ended before its count: Discord refused, or kept it waiting past the deadline. */
export type PurgeStop =
  | { kind: "permission" }
  | { kind: "channel_gone" }
  | { kind: "rate_limited" }
  /** A server error or no answer in time (what it did anyway is counted: see `goneOf`). */
  | { kind: "unanswered" }
  | { kind: "failed"; detail: string };

export interface PurgeOutcome {
  /** Deleted in all, `old` of them one by one (older than 14 days). */
  deleted: number;
  old: number;
  scanned: number;
  /** Matched but not deleted: already gone, or left when the purge stopped. */
  skipped: number;
  stopped: PurgeStop | null;
  /** The deleted messages, oldest first (only when asked for). */
  messages: APIMessage[];
}

export interface PurgeHooks {
  now: () => number;
  /** Every request is abandoned (never sent, if still queued behind a rate limit) once this fires. */
  signal: AbortSignal;
  /** After each batch: how far it got (must not throw). */
  progress: (outcome: Readonly<PurgeOutcome>) => void;
}

/**
 * Deletes up to `count` matching messages, newest first: history read a page of 100 at a time, young
 * matches bulk-deleted 100 at a time (a lone one by the single delete), older ones one by one. Requests go
 * one after another through discord.js's queue, which waits out every 429; a refusal or the deadline ends
 * the purge with what was done so far.
 */
export async function runPurge(rest: REST, request: PurgeRequest, hooks: PurgeHooks): Promise<PurgeOutcome> {
  const outcome: PurgeOutcome = { deleted: 0, old: 0, scanned: 0, skipped: 0, stopped: null, messages: [] };
  const young: APIMessage[] = [];
  const queued = { old: [] as APIMessage[] };
  const options = { signal: hooks.signal, reason: request.auditReason };
  const deleted = (batch: readonly APIMessage[], old: boolean): void => {
    outcome.deleted += batch.length;
    if (old) outcome.old += batch.length;
    if (request.transcript) outcome.messages.push(...batch);
  };
  const deleteOne = async (message: APIMessage, old: boolean): Promise<void> => {
    try {
      await rest.delete(Routes.channelMessage(request.channelId, message.id), options);
      deleted([message], old);
    } catch (error) {
      // Deleted by someone else meanwhile: counted as skipped.
      if (!isCode(error, RESTJSONErrorCodes.UnknownMessage)) await unclear([message], old, error);
    }
  };
  /**
   * Counts what Discord deleted though its answer was lost; the purge goes on if that was all of it, and
   * stops with the error otherwise.
   */
  const unclear = async (batch: readonly APIMessage[], old: boolean, error: unknown): Promise<void> => {
    const gone = unanswered(error)
      ? await goneOf(rest, request.channelId, batch, hooks.signal).catch(() => [])
      : [];
    deleted(gone, old);
    if (gone.length < batch.length) throw error;
  };
  const deleteYoung = async (batch: APIMessage[]): Promise<void> => {
    if (batch.length === 1) return deleteOne(batch[0] as APIMessage, false);
    try {
      const body = { messages: batch.map((message) => message.id) };
      await rest.post(Routes.channelBulkDelete(request.channelId), { ...options, body });
      deleted(batch, false);
    } catch (error) {
      // Aged past 14 days on the way (a long rate-limit wait): these go one by one instead.
      if (!isCode(error, RESTJSONErrorCodes.OneOfTheMessagesProvidedWasTooOldForBulkDelete))
        return unclear(batch, false, error);
      for (const message of batch) await deleteOne(message, true);
    }
  };

  let matched = 0;
  let cursor = request.before;
  try {
    while (matched < request.count && outcome.scanned < MAX_SCANNED) {
      const page = await fetchPage(rest, request.channelId, cursor, hooks.signal);
      let reachedEnd = page.length < PAGE_SIZE;
      for (const message of page) {
        if (request.after !== undefined && BigInt(message.id) <= BigInt(request.after)) {
          reachedEnd = true;
          break;
        }
        outcome.scanned += 1;
        if (!request.matches(message)) continue;
        matched += 1;
        (bulkDeletable(message.id, hooks.now()) ? young : queued.old).push(message);
        if (matched >= request.count) break;
      }
      cursor = page.at(-1)?.id;
      while (young.length >= BULK_MAX) await settleStep(() => deleteYoung(young.slice(0, BULK_MAX)), young);
      while (queued.old.length > 0)
        await settleStep(() => deleteOne(queued.old[0] as APIMessage, true), queued.old, 1);
      if (reachedEnd) break;
    }
    while (young.length > 0) await settleStep(() => deleteYoung(young.slice(0, BULK_MAX)), young);
  } catch (error) {
    outcome.stopped = stopOf(error, hooks.signal);
  }
  outcome.skipped = matched - outcome.deleted;
  outcome.messages.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  return outcome;

  /** Runs one deletion step, then drops its messages from the queue and reports progress. */
  async function settleStep(step: () => Promise<void>, queue: APIMessage[], size = BULK_MAX): Promise<void> {
    await step();
    queue.splice(0, size);
    hooks.progress(outcome);
  }
}

async function fetchPage(
  rest: REST,
  channelId: string,
  before: string | undefined,
  signal: AbortSignal,
): Promise<APIMessage[]> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before !== undefined) query.set("before", before);
  return (await rest.get(Routes.channelMessages(channelId), { query, signal })) as APIMessage[];
}

/**
 * Which of `batch` Discord shows gone, by one read of the history up to its newest message: one missing
 * from that page is gone, unless the page is full and it is older than the page reaches (then unknown, and
 * not counted).
 */
async function goneOf(
  rest: REST,
  channelId: string,
  batch: readonly APIMessage[],
  signal: AbortSignal,
): Promise<APIMessage[]> {
  const newest = batch.reduce((max, message) => (BigInt(message.id) > max ? BigInt(message.id) : max), 0n);
  const page = await fetchPage(rest, channelId, String(newest + 1n), signal);
  const present = new Set(page.map((message) => message.id));
  const reach = page.length < PAGE_SIZE ? 0n : BigInt(page.at(-1)?.id ?? "0");
  return batch.filter((message) => !present.has(message.id) && BigInt(message.id) >= reach);
}

function unanswered(error: unknown): boolean {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return error.status >= 500;
  return isDiscordTimeout(error);
}

export function bulkDeletable(messageId: string, now: number): boolean {
  const sent = Number((BigInt(messageId) >> 22n) + DISCORD_EPOCH);
  return now - sent < BULK_MAX_AGE_MS;
}

function isCode(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

function stopOf(error: unknown, signal: AbortSignal): PurgeStop {
  if (signal.aborted) return { kind: "rate_limited" };
  if (unanswered(error)) return { kind: "unanswered" };
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.UnknownChannel) return { kind: "channel_gone" };
    if (error.status === 403) return { kind: "permission" };
    return { kind: "failed", detail: error.message };
  }
  return { kind: "failed", detail: error instanceof Error ? error.message : String(error) };
}
