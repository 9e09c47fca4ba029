import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MessageLogEntry } from "../entities";
import { BaseController } from "./base-controller";

export interface LoggedMessage {
  guildId: string;
  channelId: string;
  userId: string;
  messageId: string;
  content: string;
  createdAt: Date;
}

/** The opt-in message log, kept for moderation context until the guild's retention removes it. */
@service()
export class MessageLogController extends BaseController<MessageLogEntry> {
  private readonly insertAllSql = builtOnce(() => this.insertAllStatement());

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MessageLogEntry);
  }

  /** Writes every message in one multi-row statement. */
  async insertAll(messages: readonly LoggedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.sql(this.insertAllSql(), [
      messages.map((message) => message.guildId),
      messages.map((message) => message.channelId),
      messages.map((message) => message.userId),
      messages.map((message) => message.messageId),
      messages.map((message) => message.content),
      messages.map((message) => message.createdAt.toISOString()),
    ]);
  }

  /** `$1` … `$6`: one array per column, in the order below. */
  private insertAllStatement(): string {
    const c = (property: keyof MessageLogEntry & string): string => this.sql.columnName(property);
    return `INSERT INTO ${this.sql.table}
         (${c("guildId")}, ${c("channelId")}, ${c("userId")}, ${c("messageId")}, ${c("content")},
          ${c("createdAt")})
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[])`;
  }

  /** A member's most recent logged messages, newest first. */
  lastMessages(guildId: string, userId: string, limit: number): Promise<MessageLogEntry[]> {
    return this.findMany({ where: { guildId, userId }, order: { id: "DESC" }, limit });
  }
}
