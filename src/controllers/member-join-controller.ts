import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { MemberJoin } from "../entities/member-join";
import { BaseController } from "./base-controller";

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

/** How a member came and whom they brought: their newest joins, and the invites others joined with. */
export interface MemberInvites {
  joins: MemberJoin[];
  invited: Array<{ code: string; joins: number }>;
}

/** Who joined a guild through which invite; rankings are computed in SQL. */
@service()
export class MemberJoinController extends BaseController<MemberJoin> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberJoin);
  }

  async record(join: RecordedJoin): Promise<void> {
    const column = (property: keyof MemberJoin & string): string => this.sql.columnName(property);
    await this.db.sql(
      `INSERT INTO ${this.sql.table} (${column("guildId")}, ${column("userId")}, ${column("inviteCode")},
         ${column("inviterId")}) VALUES ($1, $2, $3, $4)`,
      [join.guildId, join.userId, join.inviteCode, join.inviterId],
    );
  }

  /** The member's most recent join, or null when none was recorded. */
  latest(guildId: string, userId: string): Promise<MemberJoin | null> {
    return this.findOne({ where: { guildId, userId }, order: { id: "DESC" } });
  }

  /** The member's newest `limit` joins and the `limit` invites of theirs used most, two statements. */
  async ofMember(guildId: string, userId: string, limit: number): Promise<MemberInvites> {
    const column = (property: keyof MemberJoin & string): string => this.sql.columnName(property);
    const [joins, invited] = await Promise.all([
      this.findMany({ where: { guildId, userId }, order: { id: "DESC" }, limit }),
      this.db.sql<{ code: string; joins: string }>(
        `SELECT ${column("inviteCode")} AS code, count(*) AS joins FROM ${this.sql.table}
          WHERE ${column("guildId")} = $1::bigint AND ${column("inviterId")} = $2::bigint
            AND ${column("inviteCode")} IS NOT NULL
          GROUP BY 1 ORDER BY joins DESC, code LIMIT $3`,
        [guildId, userId, limit],
      ),
    ]);
    return { joins, invited: invited.rows.map((row) => ({ code: row.code, joins: Number(row.joins) })) };
  }

  /** The guild's top invites and inviters since a moment (null: ever), in one statement each. */
  async ranking(guildId: string, since: Date | null, limit = 5): Promise<InviteRanking> {
    const { table } = this.sql;
    const column = (property: keyof MemberJoin & string): string => this.sql.columnName(property);
    const [code, inviter] = [column("inviteCode"), column("inviterId")];
    const where = `${column("guildId")} = $1::bigint
      AND ($2::timestamptz IS NULL OR ${column("joinedAt")} >= $2::timestamptz)`;
    const parameters = [guildId, since?.toISOString() ?? null];
    const [invites, inviters, unknown] = await this.db.readFromReplica(() =>
      Promise.all([
        this.db.sql<{ code: string; inviterId: string | null; joins: string }>(
          `SELECT ${code} AS code, max(${inviter}) AS "inviterId", count(*) AS joins FROM ${table}
          WHERE ${where} AND ${code} IS NOT NULL
          GROUP BY ${code} ORDER BY joins DESC, code LIMIT $3`,
          [...parameters, limit],
        ),
        this.db.sql<{ inviterId: string; joins: string }>(
          `SELECT ${inviter} AS "inviterId", count(*) AS joins FROM ${table}
          WHERE ${where} AND ${inviter} IS NOT NULL
          GROUP BY ${inviter} ORDER BY joins DESC, ${inviter} LIMIT $3`,
          [...parameters, limit],
        ),
        this.db.sql<{ count: string }>(
          `SELECT count(*) AS count FROM ${table} WHERE ${where} AND ${code} IS NULL`,
          parameters,
        ),
      ]),
    );
    return {
      topInvites: invites.rows.map((row) => ({ ...row, joins: Number(row.joins) })),
      topInviters: inviters.rows.map((row) => ({ inviterId: row.inviterId, joins: Number(row.joins) })),
      unknown: Number(unknown.rows[0]?.count ?? 0),
    };
  }
}
