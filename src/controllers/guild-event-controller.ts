import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { GuildEvent } from "../entities";
import type { GuildEventType } from "../entities/guild-event";
import { BaseController } from "./base-controller";

/** The guild's event log (joins, leaves, bans, role changes); rare enough to write one by one. */
@service()
export class GuildEventController extends BaseController<GuildEvent> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, GuildEvent);
  }

  async record(
    guildId: string,
    type: GuildEventType,
    userId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.create({ guildId, type, userId, details });
  }

  /** The guild's newest events (only `userId`'s, when given), newest first. */
  recent(guildId: string, limit: number, userId?: string): Promise<GuildEvent[]> {
    const where = userId === undefined ? { guildId } : { guildId, userId };
    return this.findMany({ where, order: { id: "DESC" }, limit });
  }
}
