import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { AppealSettings } from "../entities/appeal-settings";
import { BaseController } from "./base-controller";

/** A guild's ban-appeal settings (`/appeals`): the channel appeals go to and how long after a ban. */
@service()
export class AppealSettingsController extends BaseController<AppealSettings> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, AppealSettings);
  }

  /** The settings, or null when the guild never set any. Appeals are on when `channelId` is set. */
  of(guildId: string): Promise<AppealSettings | null> {
    return this.getById(guildId);
  }

  /** The appeals channel of each of these guilds that has one, in one statement. */
  async channelsOf(guildIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.sql<{ guild_id: string; channel_id: string }>(
      `SELECT guild_id::text AS guild_id, channel_id::text AS channel_id FROM ${this.sql.table}
        WHERE guild_id = ANY($1::bigint[]) AND channel_id IS NOT NULL`,
      [guildIds],
    );
    return new Map(rows.rows.map((row) => [row.guild_id, row.channel_id]));
  }

  async setChannel(guildId: string, channelId: string | null): Promise<AppealSettings> {
    const [stored] = await this.upsert({ guildId, channelId }, ["guildId"]);
    if (!stored) throw new Error("upsert returned no row");
    return stored;
  }

  async setDelay(guildId: string, delaySeconds: number): Promise<AppealSettings> {
    const [stored] = await this.upsert({ guildId, delaySeconds }, ["guildId"]);
    if (!stored) throw new Error("upsert returned no row");
    return stored;
  }
}
