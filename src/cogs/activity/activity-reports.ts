import { inject, injectable } from "tsyringe";
import type { Reply } from "../../bot/interactions/reply";
import { ActivityBuffer } from "../../controllers/activity-buffer";
import { ActivityController } from "../../controllers/activity-controller";
import { GuildEventController } from "../../controllers/guild-event-controller";
import { periodStart, type StatsPeriod } from "../stats/period";
import type { Translator } from "../../i18n/translator";
import { activityLine } from "./activity-line";
import { eventLines } from "./event-lines";
import { topLines } from "./top-lines";

export const TOP_SHOWN = 10;
export const EVENTS_SHOWN = 15;

/** The answers of `/activity`: what the controllers hold about members, in words for moderators. */
@injectable()
export class ActivityReports {
  constructor(
    @inject(ActivityController) private readonly activity: ActivityController,
    @inject(ActivityBuffer) private readonly buffer: ActivityBuffer,
    @inject(GuildEventController) private readonly events: GuildEventController,
  ) {}

  /** Counting what is still in memory too. */
  async show(t: Translator, guildId: string, userId: string): Promise<Reply> {
    const stored = await this.activity.of(guildId, userId);
    const pending = this.buffer.pending(guildId, userId);
    return { content: `<@${userId}>: ${activityLine(t, stored, pending)}` };
  }

  /** From what was flushed (at most FLUSH_EVERY_MS behind). */
  async top(t: Translator, guildId: string, period: StatsPeriod): Promise<Reply> {
    return { content: topLines(t, await this.activity.top(guildId, periodStart(period), TOP_SHOWN), period) };
  }

  async recentEvents(t: Translator, guildId: string, memberId: string | undefined): Promise<Reply> {
    const events = await this.events.recent(guildId, EVENTS_SHOWN, memberId);
    return { content: eventLines(t, events, memberId) };
  }
}
