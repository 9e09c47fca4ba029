import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberJoin } from "../entities/member-join";
import { BaseController } from "./base-controller";
import { periodInterval, type StatsPeriod } from "./stats-period";

export interface RecordedJoin {
  guildId: string;
  userId: string;
  inviteCode: string | null;
  inviterId: string | null;
}

export interface InviteRanking {
  topInvites: Array<{ code: string; inviterId: string | null; joins: number }>;
  topInviters: Array<{ inviterId: string; joins: number }>;
  /** Joins in the period whose invite could not be told. */
  unknown: number;
}

const FILTER = `guild_id = $1::bigint AND ($2::interval IS NULL OR joined_at >= now() - $2::interval)`;

/** Who joined a guild through which invite; rankings are computed in SQL. */
@service()
export class MemberJoinController extends BaseController<MemberJoin> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberJoin);
  }

  async record(join: RecordedJoin): Promise<void> {
    await this.db.sql(
      `INSERT INTO member_joins (guild_id, user_id, invite_code, inviter_id) VALUES ($1, $2, $3, $4)`,
      [join.guildId, join.userId, join.inviteCode, join.inviterId],
    );
  }

  /** The member's most recent join, or null when none was recorded. */
  latest(guildId: string, userId: string): Promise<MemberJoin | null> {
    return this.findOne({ where: { guildId, userId }, order: { id: "DESC" } });
  }

  async ranking(guildId: string, period: StatsPeriod, limit = 5): Promise<InviteRanking> {
    const parameters = [guildId, periodInterval(period)];
    const [invites, inviters, unknown] = await Promise.all([
      this.db.sql<{ code: string; inviterId: string | null; joins: string }>(
        `SELECT invite_code AS code, max(inviter_id) AS "inviterId", count(*) AS joins FROM member_joins
          WHERE ${FILTER} AND invite_code IS NOT NULL
          GROUP BY invite_code ORDER BY joins DESC, code LIMIT $3`,
        [...parameters, limit],
      ),
      this.db.sql<{ inviterId: string; joins: string }>(
        `SELECT inviter_id AS "inviterId", count(*) AS joins FROM member_joins
          WHERE ${FILTER} AND inviter_id IS NOT NULL
          GROUP BY inviter_id ORDER BY joins DESC, inviter_id LIMIT $3`,
        [...parameters, limit],
      ),
      this.db.sql<{ count: string }>(
        `SELECT count(*) AS count FROM member_joins WHERE ${FILTER} AND invite_code IS NULL`,
        parameters,
      ),
    ]);
    return {
      topInvites: invites.rows.map((row) => ({ ...row, joins: Number(row.joins) })),
      topInviters: inviters.rows.map((row) => ({ inviterId: row.inviterId, joins: Number(row.joins) })),
      unknown: Number(unknown.rows[0]?.count ?? 0),
    };
  }
}
