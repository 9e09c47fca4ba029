import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { LogChannel, type LogCategory } from "../entities";
import { BaseController } from "./base-controller";

/** Which channel each server-log category of a guild goes to (`/logs set`, `/logs unset`, `/logs show`). */
@service()
export class LogChannelController extends BaseController<LogChannel> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, LogChannel);
  }

  async route(guildId: string, category: LogCategory, channelId: string): Promise<void> {
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (guild_id, category, channel_id) VALUES ($1, $2, $3)
       ON CONFLICT (guild_id, category) DO UPDATE SET channel_id = EXCLUDED.channel_id, updated_at = now()`,
      [guildId, category, channelId],
    );
  }

  /** False when the category was not logged. */
  async unroute(guildId: string, category: LogCategory): Promise<boolean> {
    return (await this.deleteWhere({ guildId, category })) > 0;
  }

  routes(guildId: string): Promise<LogChannel[]> {
    return this.findMany({ where: { guildId }, order: { category: "ASC" } });
  }
}
