import { GatewayIntentBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import type { ResolvedChannel } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { Config } from "../../config";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { LogChannelController } from "../../controllers/log-channel-controller";
import { LogEventBuffer } from "../../controllers/log-event-buffer";
import { LogOutboxController, type OutboxEvent } from "../../controllers/log-outbox-controller";
import { LOG_CATEGORIES, type LogCategory } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { CATEGORY_NAMES } from "./category-names";
import { LogsCommand } from "./definitions";
import { requireLogChannel } from "./log-channel-state";
import { logEventListeners, type LogEventSink } from "./log-events";
import { LogFlusher } from "./log-flusher";

/**
 * Server logs: joins and leaves, message edits and deletes, role and nickname changes, channel changes,
 * each category posted to its own channel. Events go to a database outbox as they arrive; the flusher posts
 * them in batches. Joins and leaves need the Server Members intent, message text the Message Content intent
 * (both asked for with PRIVILEGED_INTENTS=true); role and nickname changes come from the audit log.
 */
@injectable()
export class LogsCog implements Cog, LogEventSink {
  readonly name = "logs";
  readonly database = "required";
  readonly intents: GatewayIntentBits[] = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.GuildModeration,
  ];
  readonly listeners = logEventListeners(this);
  readonly tasks: LogFlusher[];
  readonly commands = [
    slashCommand(
      LogsCommand,
      {
        set: (context, { category, channel }) => this.set(context, category, channel),
        unset: (context, { category }) => this.unset(context, category),
        show: (context) => this.show(context),
      },
      { ephemeral: true },
    ),
  ];
  private readonly privileged: boolean;

  constructor(
    @inject(LogChannelController) private readonly routes: LogChannelController,
    @inject(LogOutboxController) private readonly outbox: LogOutboxController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(LogFlusher) readonly flusher: LogFlusher,
    @inject(LogEventBuffer) private readonly buffer: LogEventBuffer,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.tasks = [flusher];
    this.privileged = config.PRIVILEGED_INTENTS;
    if (config.PRIVILEGED_INTENTS)
      this.intents.push(GatewayIntentBits.GuildMembers, GatewayIntentBits.MessageContent);
  }

  async onShutdown(): Promise<void> {
    await this.buffer.flush();
    await this.flusher.drain();
  }

  /** When the routes cannot be read (the database is away), yes: the outbox write decides later. */
  async logs(guildId: string, category: LogCategory): Promise<boolean> {
    try {
      return (await this.routes.routedCategories(guildId)).has(category);
    } catch {
      return true;
    }
  }

  async record(event: OutboxEvent): Promise<void> {
    if (await this.logs(event.guildId, event.category)) this.buffer.add(event);
  }

  /** When the guild's settings cannot be read (the database is away), no: text is kept only when known. */
  async keepsContent(guildId: string): Promise<boolean> {
    try {
      return (await this.configs.get(guildId)).messageLogEnabled;
    } catch (error) {
      this.logger.debug({ err: error, guildId }, "server log without message text: settings unreadable");
      return false;
    }
  }

  private async set(
    context: GuildCommandContext,
    category: string,
    channel: ResolvedChannel,
  ): Promise<Reply> {
    const chosen = asCategory(category);
    await requireLogChannel(context.guild, channel.id, context.t);
    await this.routes.route(context.guildId, chosen, channel.id);
    const name = context.t.t(CATEGORY_NAMES[chosen]);
    return { content: context.t.t("logs.set_done", { category: name, channelId: channel.id }) };
  }

  private async unset(context: GuildCommandContext, category: string): Promise<Reply> {
    const chosen = asCategory(category);
    const name = context.t.t(CATEGORY_NAMES[chosen]);
    const removed = await this.routes.unroute(context.guildId, chosen);
    return { content: context.t.t(removed ? "logs.unset_done" : "logs.unset_not_set", { category: name }) };
  }

  private async show({ guildId, t }: GuildCommandContext): Promise<Reply> {
    const routed = new Map(
      (await this.routes.routes(guildId)).map((route) => [route.category, route.channelId]),
    );
    const lines = LOG_CATEGORIES.map((category) => {
      const channelId = routed.get(category);
      const name = t.t(CATEGORY_NAMES[category]);
      return channelId
        ? t.t("logs.show_route", { category: name, channelId })
        : t.t("logs.show_off", { category: name });
    });
    const pending = await this.outbox.pending(guildId);
    if (pending > 0) lines.push(t.t("logs.show_pending", { count: pending }));
    if (!this.privileged) lines.push(t.t("logs.show_no_members_intent"), t.t("logs.show_no_content_intent"));
    if (!(await this.keepsContent(guildId))) lines.push(t.t("logs.show_content_off"));
    return { content: lines.join("\n") };
  }
}

function asCategory(value: string): LogCategory {
  const found = LOG_CATEGORIES.find((category) => category === value);
  if (!found) throw new Error(`unknown log category ${value}`);
  return found;
}
