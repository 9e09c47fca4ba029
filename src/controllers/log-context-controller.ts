import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberJoin, MessageLogEntry } from "../entities";
import { BaseController } from "./base-controller";

export interface StoredMessage {
  authorId: string;
  content: string;
}

export interface JoinInvite {
  code: string;
  inviterId: string;
}

/** What the server-log lines add from Warden's own records: stored messages (message log) and invites. */
@service()
export class LogContextController extends BaseController<MessageLogEntry> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MessageLogEntry);
  }

  /** The message log's copy of these messages (only what the guild chose to keep). */
  async storedMessages(guildId: string, messageIds: readonly string[]): Promise<Map<string, StoredMessage>> {
    if (messageIds.length === 0) return new Map();
    const result = await this.db.sql<{ messageId: string } & StoredMessage>(
      `SELECT message_id::text AS "messageId", user_id::text AS "authorId", content FROM ${this.sql.table}
        WHERE guild_id = $1 AND message_id = ANY($2::bigint[])`,
      [guildId, messageIds],
    );
    return new Map(
      result.rows.map((row) => [row.messageId, { authorId: row.authorId, content: row.content }]),
    );
  }

  /** The invite each member's latest join came through, when the invite tracking could tell. */
  async joinInvites(guildId: string, userIds: readonly string[]): Promise<Map<string, JoinInvite>> {
    if (userIds.length === 0) return new Map();
    const result = await this.db.sql<{ userId: string } & JoinInvite>(
      `SELECT DISTINCT ON (user_id) user_id::text AS "userId", invite_code AS code, inviter_id::text AS "inviterId"
         FROM ${this.sqlOf(MemberJoin).table} WHERE guild_id = $1 AND user_id = ANY($2::bigint[])
        ORDER BY user_id, id DESC`,
      [guildId, userIds],
    );
    const known = result.rows.filter((row) => row.code !== null && row.inviterId !== null);
    return new Map(known.map((row) => [row.userId, { code: row.code, inviterId: row.inviterId }]));
  }
}
