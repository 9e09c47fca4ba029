import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { ConflictError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import { GROUP_NAME, MemberGroup } from "../entities/member-group";
import { LegacyUserError } from "../errors/user-error";
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
        throw new LegacyUserError("GroupExists", `A group named \`${trimmed}\` already exists.`);
      }
      throw error;
    }
  }

  getByName(guildId: string, name: string): Promise<MemberGroup | null> {
    return this.findOne({ where: { guildId, nameKey: name.trim().toLowerCase() } });
  }

  async getByNameOrFail(guildId: string, name: string): Promise<MemberGroup> {
    const group = await this.getByName(guildId, name);
    if (!group) throw new LegacyUserError("UnknownGroup", `There is no group named \`${name.trim()}\`.`);
    return group;
  }

  /**
   * Deletes a group. Its group-only tags become moderator-only in the same transaction, never public: the
   * group row is locked first, so a tag being pointed at the group meanwhile waits and then fails (the tags'
   * foreign key refuses any other deletion of a group that tags still name).
   */
  async deleteGroup(guildId: string, name: string): Promise<DeletedGroup> {
    return this.transaction(async () => {
      const locked = await this.db.sql<{ id: number; name: string }>(
        `SELECT id, name FROM member_groups WHERE guild_id = $1 AND name_key = $2 FOR UPDATE`,
        [guildId, name.trim().toLowerCase()],
      );
      const row = locked.rows[0];
      if (!row) throw new LegacyUserError("UnknownGroup", `There is no group named \`${name.trim()}\`.`);
      const tags = await this.db.sql(`UPDATE tags SET mod_only = true, group_id = NULL WHERE group_id = $1`, [
        row.id,
      ]);
      await this.db.sql(`DELETE FROM member_groups WHERE id = $1`, [row.id]);
      return { id: row.id, name: row.name, tagsMadeModOnly: tags.rowCount };
    });
  }

  /** True when the user was added, false when already a member. */
  async addMember(groupId: number, userId: string): Promise<boolean> {
    const result = await this.db.sql(
      `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [groupId, userId],
    );
    return result.rowCount > 0;
  }

  async removeMember(groupId: number, userId: string): Promise<boolean> {
    const result = await this.db.sql(`DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, [
      groupId,
      userId,
    ]);
    return result.rowCount > 0;
  }

  async isMember(groupId: number, userId: string): Promise<boolean> {
    const result = await this.db.sql(`SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2`, [
      groupId,
      userId,
    ]);
    return result.rows.length > 0;
  }

  /** For each of `groupIds`: its name and whether `userId` belongs to it (one statement). */
  async audienceOf(userId: string, groupIds: readonly number[]): Promise<Map<number, GroupAudience>> {
    if (groupIds.length === 0) return new Map();
    const result = await this.db.sql<{ id: number; name: string; member: boolean }>(
      `SELECT g.id, g.name, (m.user_id IS NOT NULL) AS member
       FROM member_groups g LEFT JOIN group_members m ON m.group_id = g.id AND m.user_id = $2
       WHERE g.id = ANY($1::int[])`,
      [[...new Set(groupIds)], userId],
    );
    return new Map(result.rows.map((row) => [row.id, { name: row.name, member: row.member }]));
  }

  /** The guild's groups by name, with member counts (at most 100). */
  async listGroups(guildId: string): Promise<GroupSummary[]> {
    const result = await this.db.sql<{ id: number; name: string; members: string }>(
      `SELECT g.id, g.name, count(m.user_id) AS members
       FROM member_groups g LEFT JOIN group_members m ON m.group_id = g.id
       WHERE g.guild_id = $1 GROUP BY g.id ORDER BY g.name_key LIMIT $2`,
      [guildId, MAX_LISTED],
    );
    return result.rows.map((row) => ({ id: row.id, name: row.name, members: Number(row.members) }));
  }

  /** A group's member ids, oldest first (at most 100). */
  async memberIds(groupId: number): Promise<string[]> {
    const result = await this.db.sql<{ user_id: string }>(
      `SELECT user_id::text FROM group_members WHERE group_id = $1 ORDER BY added_at, user_id LIMIT $2`,
      [groupId, MAX_LISTED],
    );
    return result.rows.map((row) => row.user_id);
  }
}
