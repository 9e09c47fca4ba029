import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberActivity } from "../entities";
import { BaseController } from "./base-controller";

/** Messages a member sent since the last flush, and when they were last seen. */
export interface ActivityDelta {
  guildId: string;
  userId: string;
  messages: number;
  lastSeenAt: Date;
}

/** Message counts and last-seen per member, written in bulk from the in-memory buffer. */
@service()
export class ActivityController extends BaseController<MemberActivity> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberActivity);
  }

  /** Adds every delta in one statement, however many members it holds. */
  async addAll(deltas: readonly ActivityDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.sql(
      `INSERT INTO member_activity (guild_id, user_id, message_count, last_seen_at)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[])
       ON CONFLICT (guild_id, user_id) DO UPDATE
         SET message_count = member_activity.message_count + EXCLUDED.message_count,
             last_seen_at = GREATEST(member_activity.last_seen_at, EXCLUDED.last_seen_at)`,
      [
        deltas.map((delta) => delta.guildId),
        deltas.map((delta) => delta.userId),
        deltas.map((delta) => delta.messages),
        deltas.map((delta) => delta.lastSeenAt.toISOString()),
      ],
    );
  }

  of(guildId: string, userId: string): Promise<MemberActivity | null> {
    return this.findOne({ where: { guildId, userId } });
  }
}
