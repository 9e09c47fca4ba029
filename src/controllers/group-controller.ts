import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { ConflictError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import { GroupMember, Tag } from "../entities";
import { GROUP_NAME, MemberGroup } from "../entities/member-group";
import { UserError } from "../errors/user-error";
import { BaseController } from "./base-controller";

export interface GroupSummary {
  id: number;
  name: string;
  members: number;
}

export interface DeletedGroup {
  id: number;
  name: string;
  /** Tags that were limited to the group and are now limited to moderators. */
  tagsMadeModOnly: number;
}

export interface GroupAudience {
  name: string;
  member: boolean;
}

const MAX_LISTED = 100;

/** Named per-guild groups of members; names are unique per guild regardless of case. */
@service()
export class GroupController extends BaseController<MemberGroup> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, MemberGroup);
  }

  async createGroup(guildId: string, name: string): Promise<MemberGroup> {
    const trimmed = name.trim();
    if (!GROUP_NAME.test(trimmed)) {
      throw invalid("name", "validation.name_slug");
    }
    try {
      return await this.create({ guildId, name: trimmed, nameKey: trimmed.toLowerCase() });
    } catch (error) {
      if (error instanceof ConflictError && error.constraint === "ux_member_groups_name") {
        throw new UserError("groups.exists", { name: trimmed });
      }
      throw error;
    }
  }

  /** A group by id (e.g. the one a tag is limited to), or null. */
  byId(groupId: number): Promise<MemberGroup | null> {
    return this.getById(groupId);
  }

  getByName(guildId: string, name: string): Promise<MemberGroup | null> {
    return this.findOne({ where: { guildId, nameKey: name.trim().toLowerCase() } });
  }

  async getByNameOrFail(guildId: string, name: string): Promise<MemberGroup> {
    const group = await this.getByName(guildId, name);
    if (!group) throw unknownGroup(name);
    return group;
  }

  /**
   * Deletes a group. Its group-only tags become moderator-only in the same transaction, never public: the
   * group row is locked first, so a tag being pointed at the group meanwhile waits and then fails (the tags'
   * foreign key refuses any other deletion of a group that tags still name).
   */
  async deleteGroup(guildId: string, name: string): Promise<DeletedGroup> {
    const groups = this.sql;
    const tags = this.sqlOf(Tag);
    return this.transaction(async () => {
      const locked = await this.db.sql<{ id: number; name: string }>(
        `SELECT ${groups.columnName("id")} AS id, ${groups.columnName("name")} AS name FROM ${groups.table}
         WHERE ${groups.columnName("guildId")} = $1 AND ${groups.columnName("nameKey")} = $2 FOR UPDATE`,
        [guildId, name.trim().toLowerCase()],
      );
      const row = locked.rows[0];
      if (!row) throw unknownGroup(name);
      const changed = await this.db.sql(
        `UPDATE ${tags.table} SET ${tags.columnName("modOnly")} = true, ${tags.columnName("groupId")} = NULL
         WHERE ${tags.columnName("groupId")} = $1`,
        [row.id],
      );
      await this.db.sql(`DELETE FROM ${groups.table} WHERE ${groups.columnName("id")} = $1`, [row.id]);
      return { id: row.id, name: row.name, tagsMadeModOnly: changed.rowCount };
    });
  }

  /** True when the user was added, false when already a member. */
  async addMember(groupId: number, userId: string): Promise<boolean> {
    const members = this.sqlOf(GroupMember);
    const result = await this.db.sql(
      `INSERT INTO ${members.table} (${members.columnName("groupId")}, ${members.columnName("userId")})
       VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [groupId, userId],
    );
    return result.rowCount > 0;
  }

  async removeMember(groupId: number, userId: string): Promise<boolean> {
    const result = await this.db.sql(`DELETE FROM ${this.membership()}`, [groupId, userId]);
    return result.rowCount > 0;
  }

  async isMember(groupId: number, userId: string): Promise<boolean> {
    const result = await this.db.sql(`SELECT 1 FROM ${this.membership()}`, [groupId, userId]);
    return result.rows.length > 0;
  }

  /** For each of `groupIds`: its name and whether `userId` belongs to it (one statement). */
  async audienceOf(userId: string, groupIds: readonly number[]): Promise<Map<number, GroupAudience>> {
    if (groupIds.length === 0) return new Map();
    const [g, m] = [this.sql, this.sqlOf(GroupMember)];
    const result = await this.db.sql<{ id: number; name: string; member: boolean }>(
      `SELECT g.${g.columnName("id")} AS id, g.${g.columnName("name")} AS name,
              (m.${m.columnName("userId")} IS NOT NULL) AS member
       FROM ${g.table} g LEFT JOIN ${m.table} m
         ON m.${m.columnName("groupId")} = g.${g.columnName("id")} AND m.${m.columnName("userId")} = $2
       WHERE g.${g.columnName("id")} = ANY($1::int[])`,
      [[...new Set(groupIds)], userId],
    );
    return new Map(result.rows.map((row) => [row.id, { name: row.name, member: row.member }]));
  }

  /** The guild's groups by name, with member counts (at most 100). */
  async listGroups(guildId: string): Promise<GroupSummary[]> {
    const [g, m] = [this.sql, this.sqlOf(GroupMember)];
    const result = await this.db.sql<{ id: number; name: string; members: string }>(
      `SELECT g.${g.columnName("id")} AS id, g.${g.columnName("name")} AS name,
              count(m.${m.columnName("userId")}) AS members
       FROM ${g.table} g LEFT JOIN ${m.table} m ON m.${m.columnName("groupId")} = g.${g.columnName("id")}
       WHERE g.${g.columnName("guildId")} = $1
       GROUP BY g.${g.columnName("id")} ORDER BY g.${g.columnName("nameKey")} LIMIT $2`,
      [guildId, MAX_LISTED],
    );
    return result.rows.map((row) => ({ id: row.id, name: row.name, members: Number(row.members) }));
  }

  /** A group's member ids, oldest first (at most 100). */
  async memberIds(groupId: number): Promise<string[]> {
    const m = this.sqlOf(GroupMember);
    const result = await this.db.sql<{ userId: string }>(
      `SELECT ${m.columnName("userId")}::text AS "userId" FROM ${m.table}
       WHERE ${m.columnName("groupId")} = $1
       ORDER BY ${m.columnName("addedAt")}, ${m.columnName("userId")} LIMIT $2`,
      [groupId, MAX_LISTED],
    );
    return result.rows.map((row) => row.userId);
  }

  /** `<table> WHERE` one membership, for statements taking ($1 group id, $2 user id). */
  private membership(): string {
    const m = this.sqlOf(GroupMember);
    return `${m.table} WHERE ${m.columnName("groupId")} = $1 AND ${m.columnName("userId")} = $2`;
  }
}

function unknownGroup(name: string): UserError {
  return new UserError("groups.unknown", { name: name.trim() });
}
