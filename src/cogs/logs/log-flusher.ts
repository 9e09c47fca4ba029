import { DiscordAPIError, type Client, type MessageCreateOptions } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import type { PeriodicTask } from "../../bot/scheduler";
import type { Config } from "../../config";
import { LogChannelController } from "../../controllers/log-channel-controller";
import { LogContextController } from "../../controllers/log-context-controller";
import { LogEventBuffer } from "../../controllers/log-event-buffer";
import { LogOutboxController, type ClaimedItem } from "../../controllers/log-outbox-controller";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { CATEGORY_NAMES } from "./category-names";
import { logEntry, type LineContext } from "./log-lines";
import { packPosts, type LogPost } from "./log-packing";

const CLAIM_LIMIT = 2000;
/** One channel's share of a claim: enough for a burst's few posts, never the whole claim. */
const CLAIM_PER_CHANNEL = 500;
const LOG_COLOUR = 0x5865f2;

/**
 * Posts the server-log outbox, grouped per channel. Each channel is settled on its own: a channel that is
 * gone or refuses Warden (400/403/404) drops its batch with a log line, anything else (5xx, timeouts) gives
 * the rows back for the next run; 429s are waited out by discord.js. Rows go only once Discord accepted the
 * post carrying them, so a crash between a post and its settle posts those events again.
 */
@injectable()
export class LogFlusher implements PeriodicTask {
  readonly name = "server-log-flush";
  readonly everyMs: number;
  private readonly maxPerChannel: number;
  /** How long a claim holds; renewed every third of it while its post is in flight. */
  private readonly leaseMs: number;
  /** The rows of each channel's batch in flight, whose leases the heartbeat renews. */
  private readonly holding = new Map<string, readonly string[]>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Channels this process is posting to now, each with its work (which never rejects). */
  private readonly posting = new Map<string, Promise<void>>();

  constructor(
    @inject(LogOutboxController) private readonly outbox: LogOutboxController,
    @inject(LogContextController) private readonly context: LogContextController,
    @inject(LogEventBuffer) private readonly buffer: LogEventBuffer,
    @inject(LogChannelController) private readonly routes: LogChannelController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(Incidents) private readonly incidents: Incidents,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.everyMs = config.LOG_FLUSH_MS;
    this.maxPerChannel = config.LOG_OUTBOX_MAX_PER_CHANNEL;
    this.leaseMs = config.LOG_LEASE_MS;
  }

  async run(client: Client<true>): Promise<void> {
    await this.buffer.retry(); // events that arrived while the database was away
    for (const [channelId, dropped] of await this.outbox.trim(this.maxPerChannel)) {
      this.logger.warn(
        { channelId, dropped },
        "server-log outbox full for this channel: dropped the oldest events",
      );
    }
    const byChannel = new Map<string, ClaimedItem[]>();
    for (const item of await this.outbox.claim(
      CLAIM_LIMIT,
      this.leaseMs,
      [...this.posting.keys()],
      CLAIM_PER_CHANNEL,
    )) {
      const list = byChannel.get(item.channelId) ?? [];
      byChannel.set(item.channelId, list);
      list.push(item);
    }
    // Not awaited: a channel Discord keeps waiting (a long 429) must not hold back the next run's others.
    for (const [channelId, items] of byChannel) {
      this.holding.set(
        channelId,
        items.map((item) => item.id),
      );
      const posting = this.settleChannel(client, channelId, items).finally(() => {
        this.posting.delete(channelId);
        this.holding.delete(channelId);
      });
      this.posting.set(channelId, posting);
    }
    if (byChannel.size > 0) this.keepLeases();
  }

  /** Waits for the posts in flight (on shutdown, before the database closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.posting.values()]);
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /**
   * A post Discord holds longer than the lease (a long 429, a slow answer) must not let another process
   * claim its rows and post them again: while any batch is in flight, its rows' leases are renewed.
   */
  private keepLeases(): void {
    this.heartbeat ??= setInterval(() => {
      if (this.holding.size === 0) return;
      const ids = [...this.holding.values()].flat();
      void this.incidents.detach("server-log lease", () => this.outbox.extend(ids, this.leaseMs));
    }, this.leaseMs / 3).unref();
  }

  private async settleChannel(client: Client<true>, channelId: string, items: ClaimedItem[]): Promise<void> {
    try {
      await this.postChannel(client, channelId, items);
    } catch (error) {
      this.logger.warn({ err: error, channelId }, "could not post the server log; trying again next run");
      await this.outbox.release(items.map((item) => item.id)).catch(() => undefined);
    }
  }

  private async postChannel(client: Client<true>, channelId: string, items: ClaimedItem[]): Promise<void> {
    const guildId = items[0]?.guildId ?? "0";
    const t = guildTranslator(client, guildId);
    const context = await this.readContext(client, guildId, items);
    const entries = items.map((item) => logEntry(item, t, context));
    const posts = packPosts(entries, `server-log-${items[0]?.id ?? "0"}.txt`);
    let refusal: unknown;
    const channel = await client.channels.fetch(channelId).catch((error: unknown) => {
      if (!refused(error)) throw error;
      refusal = error;
      return null;
    });
    if (!channel?.isSendable()) {
      const ids = items.map((item) => item.id);
      await this.drop(guildId, channelId, ids, "channel gone");
      // Not there, or not one Warden can see: the route goes, so later events are not written for it.
      if (refusal === undefined || unreachable(refusal)) await this.unroute(client, guildId, channelId);
      return;
    }
    for (const [index, post] of posts.entries()) {
      try {
        await channel.send(message(post, t));
      } catch (error) {
        const rest = posts.slice(index).flatMap((left) => left.itemIds);
        if (!refused(error)) {
          await this.outbox.release(rest);
          throw error;
        }
        await this.drop(guildId, channelId, rest, error instanceof Error ? error.message : String(error));
        if (unreachable(error)) await this.unroute(client, guildId, channelId);
        return;
      }
      await this.outbox.settle(post.itemIds);
    }
  }

  private async readContext(
    client: Client<true>,
    guildId: string,
    items: ClaimedItem[],
  ): Promise<LineContext> {
    const messageIds = items.flatMap((item) => messageIdsOf(item));
    const joiners = items
      .filter((item) => item.kind === "member_join")
      .map((item) => String(item.details.userId));
    const channelNames = new Map<string, string>();
    for (const item of items) {
      const id = typeof item.details.channelId === "string" ? item.details.channelId : null;
      const channel = id ? client.channels.cache.get(id) : undefined;
      if (id && channel && "name" in channel && channel.name) channelNames.set(id, channel.name);
    }
    const [stored, invites] = await Promise.all([
      this.context.storedMessages(guildId, messageIds),
      this.context.joinInvites(guildId, joiners),
    ]);
    return { guildId, stored, invites, channelNames };
  }

  /** Removes the guild's routes to a channel that is gone, saying so in the logs and the mod log. */
  private async unroute(client: Client<true>, guildId: string, channelId: string): Promise<void> {
    const categories = await this.routes.unrouteChannel(guildId, channelId);
    if (categories.length === 0) return;
    this.logger.warn({ guildId, channelId, categories }, "server-log channel gone: its route was removed");
    await this.modLog.note(client, guildId, (t) =>
      t.t("logs.route_removed", {
        channelId,
        categories: t.list(categories.map((category) => t.t(CATEGORY_NAMES[category]))),
      }),
    );
  }

  private async drop(guildId: string, channelId: string, ids: string[], reason: string): Promise<void> {
    this.logger.warn(
      { guildId, channelId, dropped: ids.length, reason },
      "server-log channel refuses Warden: dropped its events",
    );
    await this.outbox.settle(ids);
  }
}

function messageIdsOf(item: ClaimedItem): string[] {
  if (typeof item.details.messageId === "string") return [item.details.messageId];
  const listed = Array.isArray(item.details.messages) ? (item.details.messages as { id?: unknown }[]) : [];
  return listed.map((message) => message.id).filter((id): id is string => typeof id === "string");
}

/** Discord says the channel does not exist (Unknown Channel) or Warden cannot see it (Missing Access). */
function unreachable(error: unknown): boolean {
  if (!(error instanceof DiscordAPIError)) return false;
  return error.status === 404 || error.code === 10003 || error.code === 50001;
}

/** A refusal that asking again will not change: the channel is gone, Warden may not post, or the post is bad. */
function refused(error: unknown): boolean {
  return error instanceof DiscordAPIError && [400, 403, 404, 413].includes(error.status);
}

function message(post: LogPost, t: Translator): MessageCreateOptions {
  const embeds = post.descriptions.map((description, index) => ({
    color: LOG_COLOUR,
    ...(index === 0 ? { title: t.t("logs.post_title") } : {}),
    description:
      index === 0 && post.overflow > 0
        ? `${description}\n${t.t("logs.more_in_file", { count: post.overflow })}`
        : description,
  }));
  const files = post.files.map((file) => ({ attachment: Buffer.from(file.text, "utf8"), name: file.name }));
  return { embeds, files, allowedMentions: { parse: [] } };
}
