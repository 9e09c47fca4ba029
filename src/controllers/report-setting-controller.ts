import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { ReportBlock } from "../entities/report-block";
import { ReportSetting } from "../entities/report-setting";
import { service } from "../service";
import { BaseController } from "./base-controller";

/** Where a guild's reports are posted, and who may not report there. */
@service()
export class ReportSettingController extends BaseController<ReportSetting> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, ReportSetting);
  }

  async channelOf(guildId: string): Promise<string | null> {
    return (await this.getById(guildId))?.channelId ?? null;
  }

  async setChannel(guildId: string, channelId: string | null): Promise<void> {
    await this.upsert({ guildId, channelId }, ["guildId"]);
  }

  async block(guildId: string, userId: string, blockedBy: string): Promise<boolean> {
    const blocks = this.sqlOf(ReportBlock);
    const result = await this.db.sql(
      `INSERT INTO ${blocks.table} (${blocks.columnName("guildId")}, ${blocks.columnName("userId")},
         ${blocks.columnName("blockedBy")}) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [guildId, userId, blockedBy],
    );
    return result.rowCount > 0;
  }

  async unblock(guildId: string, userId: string): Promise<boolean> {
    const blocks = this.sqlOf(ReportBlock);
    const result = await this.db.sql(
      `DELETE FROM ${blocks.table} WHERE ${blocks.columnName("guildId")} = $1 AND ${blocks.columnName("userId")} = $2`,
      [guildId, userId],
    );
    return result.rowCount > 0;
  }

  async isBlocked(guildId: string, userId: string): Promise<boolean> {
    const blocks = this.sqlOf(ReportBlock);
    const result = await this.db.sql(
      `SELECT 1 FROM ${blocks.table} WHERE ${blocks.columnName("guildId")} = $1 AND ${blocks.columnName("userId")} = $2`,
      [guildId, userId],
    );
    return result.rows.length > 0;
  }
}
