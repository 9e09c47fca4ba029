import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { ConflictError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import { TAG_NAME, Tag } from "../entities/tag";
import { LegacyUserError, UserError } from "../errors/user-error";
import { BaseController, type Page } from "./base-controller";

export interface NewTag {
  guildId: string;
  name: string;
  response: string;
  createdBy: string;
  cooldownSeconds?: number;
  modOnly?: boolean;
  groupId?: number | null;
}

export type TagChanges = Partial<
  Pick<Tag, "response" | "enabled" | "modOnly" | "groupId" | "cooldownSeconds">
>;

export const TAGS_PER_PAGE = 20;
const SUGGESTIONS = 25;

/** Custom commands. Names are unique per guild regardless of case (through `name_key`). */
@service()
export class TagController extends BaseController<Tag> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Tag);
  }

  async createTag(input: NewTag): Promise<Tag> {
    const name = tagName(input.name);
    try {
      return await this.create({ ...input, name, nameKey: name.toLowerCase() });
    } catch (error) {
      if (error instanceof ConflictError && error.constraint === "ux_tags_name") {
        throw new LegacyUserError("TagExists", `A tag named \`${name}\` already exists.`);
      }
      throw error;
    }
  }

  getByName(guildId: string, name: string): Promise<Tag | null> {
    return this.findOne({ where: { guildId, nameKey: name.trim().toLowerCase() } });
  }

  async getByNameOrFail(guildId: string, name: string): Promise<Tag> {
    const tag = await this.getByName(guildId, name);
    if (!tag) throw unknownTag(name);
    return tag;
  }

  async edit(guildId: string, name: string, changes: TagChanges): Promise<Tag> {
    const tag = await this.getByNameOrFail(guildId, name);
    if (Object.values(changes).every((value) => value === undefined)) {
      throw invalid("changes", "validation.no_changes");
    }
    const updated = await this.updateById(tag.id, changes);
    if (!updated) throw unknownTag(name);
    return updated;
  }

  async deleteTag(guildId: string, name: string): Promise<string> {
    const result = await this.db.sql<{ name: string }>(
      `DELETE FROM tags WHERE guild_id = $1 AND name_key = $2 RETURNING name`,
      [guildId, name.trim().toLowerCase()],
    );
    const row = result.rows[0];
    if (!row) throw unknownTag(name);
    return row.name;
  }

  list(guildId: string, page = 1): Promise<Page<Tag>> {
    return this.paginate({ page, perPage: TAGS_PER_PAGE, where: { guildId }, order: { nameKey: "ASC" } });
  }

  /** Counts one use, atomically; the tag as it is after the use, or null when missing or disabled. */
  async use(guildId: string, name: string): Promise<Tag | null> {
    const result = await this.db.sql<Record<string, unknown>>(
      `UPDATE tags SET uses = uses + 1 WHERE guild_id = $1 AND name_key = $2 AND enabled
       RETURNING ${this.sql.selectList}`,
      [guildId, name.trim().toLowerCase()],
    );
    const row = result.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /** Names starting with `prefix` (any case), for autocomplete: one bounded statement. */
  async suggestions(guildId: string, prefix: string): Promise<string[]> {
    const pattern = `${prefix
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const result = await this.db.sql<{ name: string }>(
      `SELECT name FROM tags WHERE guild_id = $1 AND enabled AND name_key LIKE $2
       ORDER BY name_key LIMIT ${SUGGESTIONS}`,
      [guildId, pattern],
    );
    return result.rows.map((row) => row.name);
  }
}

export function tagName(name: string): string {
  const trimmed = name.trim();
  if (!TAG_NAME.test(trimmed)) {
    throw invalid("name", "validation.name_slug");
  }
  return trimmed;
}

export function unknownTag(name: string): UserError {
  return new LegacyUserError("UnknownTag", `There is no tag named \`${name.trim()}\`.`);
}
