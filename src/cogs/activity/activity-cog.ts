import { Events, GatewayIntentBits, type Message } from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { Incidents } from "../../bot/incidents";
import { InteractionEvents } from "../../bot/interactions/interaction-events";
import type { PeriodicTask } from "../../bot/scheduler";
import { ActivityBuffer } from "../../controllers/activity-buffer";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { GuildEventController } from "../../controllers/guild-event-controller";
import { RetentionController } from "../../controllers/retention-controller";
import { isStatsPeriod, type StatsPeriod } from "../stats/period";
import type { Logger } from "../../logger";
import type { Config } from "../../config";
import { TOKENS } from "../../tokens";
import { ActivityReports } from "./activity-reports";
import { ActivityCommand, LoggingCommand } from "./definitions";
import { guildEventListeners } from "./guild-event-listeners";

export const FLUSH_EVERY_MS = 15_000;
/** A buffer this big is flushed at once rather than at the next tick. */
export const FLUSH_AT_MEMBERS = 5_000;
export const FLUSH_AT_LOGGED_MESSAGES = 1_000;
const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** `/activity` reveals other members' activity and history: moderators only, answered privately. */
const moderators = { access: "moderator", ephemeral: true } as const;

/**
 * Message counts, the opt-in message log and the event log. Joins, leaves and message content need the
 * privileged intents, asked for only with PRIVILEGED_INTENTS=true (intents are process-wide: content is
 * still stored only for guilds that turned the log on). Bans and role changes (audit-log entries) come
 * with GuildModeration; the audit entries only where the bot has View Audit Log.
 */
@injectable()
export class ActivityCog implements Cog {
  readonly name = "activity";
  readonly database = "required";
  readonly intents: GatewayIntentBits[];
  readonly listeners;
  readonly tasks: PeriodicTask[] = [
    { name: "activity-flush", everyMs: FLUSH_EVERY_MS, run: () => this.buffer.flush() },
    { name: "log-retention", everyMs: RETENTION_EVERY_MS, run: () => this.purge() },
  ];
  readonly commands = [
    slashCommand(ActivityCommand, {
      show: {
        ...moderators,
        run: (context, { user }) =>
          this.reports.show(context.t, context.guildId, user?.user.id ?? context.user.id),
      },
      top: {
        ...moderators,
        run: (context, { period }) => this.reports.top(context.t, context.guildId, statsPeriod(period)),
      },
      events: {
        ...moderators,
        run: (context, { member }) => this.reports.recentEvents(context.t, context.guildId, member?.user.id),
      },
    }),
    slashCommand(
      LoggingCommand,
      {
        messages: (context, { enabled }) => this.setMessageLog(context, enabled),
        retention: (context, { days }) => this.setRetention(context, days),
      },
      { ephemeral: true },
    ),
  ];
  /** Messages waiting for their guild's config before they can be logged; shutdown waits for them. */
  private readonly arriving = new Set<Promise<void>>();
  private readonly configLookups = new Map<string, Promise<boolean>>();
  private urgentFlush: Promise<void> | undefined;
  private urgentFlushPausedUntil = 0;

  constructor(
    @inject(ActivityReports) private readonly reports: ActivityReports,
    @inject(ActivityBuffer) readonly buffer: ActivityBuffer,
    @inject(GuildEventController) events: GuildEventController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(RetentionController) private readonly retention: RetentionController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Config) config: Config,
    @inject(Incidents) private readonly incidents: Incidents,
    @inject(InteractionEvents) interactions: InteractionEvents,
  ) {
    interactions.onFinished((interaction) => this.buffer.recordSeen(interaction.userId, new Date()));
    this.intents = [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildModeration,
    ];
    if (config.PRIVILEGED_INTENTS)
      this.intents.push(GatewayIntentBits.GuildMembers, GatewayIntentBits.MessageContent);
    this.listeners = [
      listener(Events.MessageCreate, (message) => this.received(message)),
      ...guildEventListeners(events),
    ];
  }

  async onShutdown(): Promise<void> {
    await Promise.allSettled([...this.arriving]);
    await this.buffer.flush();
  }

  private received(message: Message): void {
    if (!message.inGuild() || message.author.bot || message.system) return;
    this.buffer.recordMessage(message.guildId, message.author.id, message.createdAt);
    // Never rejects: an outage while reading the guild's config is reported, and the count is kept.
    const logging = this.incidents
      .detach("activity:message-log", () => this.logIfEnabled(message))
      .finally(() => this.arriving.delete(logging));
    this.arriving.add(logging);
  }

  private async logIfEnabled(message: Message<true>): Promise<void> {
    if (await this.messageLogOn(message.guildId)) {
      this.buffer.logMessage({
        guildId: message.guildId,
        channelId: message.channelId,
        userId: message.author.id,
        messageId: message.id,
        content: message.content,
        createdAt: message.createdAt,
      });
    }
    const full =
      this.buffer.memberCount >= FLUSH_AT_MEMBERS ||
      this.buffer.loggedMessageCount >= FLUSH_AT_LOGGED_MESSAGES;
    if (full && !this.urgentFlush && Date.now() >= this.urgentFlushPausedUntil) {
      this.urgentFlush = this.buffer
        .flush()
        .catch((error: unknown) => {
          // Kept for the next scheduled flush; no early flush until then, or an outage means one per message.
          this.urgentFlushPausedUntil = Date.now() + FLUSH_EVERY_MS;
          this.incidents.report(error, "activity:urgent-flush");
        })
        .finally(() => (this.urgentFlush = undefined));
    }
  }

  /** One config read per guild at a time: a burst before the cache fills must not become a burst of reads. */
  private messageLogOn(guildId: string): Promise<boolean> {
    const inFlight = this.configLookups.get(guildId);
    if (inFlight) return inFlight;
    const lookup = this.configs
      .get(guildId)
      .then((config) => config.messageLogEnabled)
      .finally(() => this.configLookups.delete(guildId));
    this.configLookups.set(guildId, lookup);
    return lookup;
  }

  private async purge(): Promise<void> {
    const deleted = await this.retention.purgeExpired();
    if (Object.values(deleted).some((count) => count > 0)) this.logger.info({ deleted }, "log retention");
  }

  private async setMessageLog(context: GuildCommandContext, enabled: boolean): Promise<Reply> {
    await this.configs.update(context.guildId, { messageLogEnabled: enabled });
    return { content: context.t.t(enabled ? "activity.message_log_on" : "activity.message_log_off") };
  }

  /** The router already holds `days` to the option's range (1 to MAX_RETENTION_DAYS). */
  private async setRetention(context: GuildCommandContext, days: number): Promise<Reply> {
    await this.configs.update(context.guildId, { retentionDays: days });
    return { content: context.t.t("activity.retention_set", { days }) };
  }
}

function statsPeriod(requested: string | undefined): StatsPeriod {
  return requested && isStatsPeriod(requested) ? requested : "7d";
}
