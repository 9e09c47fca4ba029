import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { ConflictError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import { TAG_NAME, Tag } from "../entities/tag";
import { UserError } from "../errors/user-error";
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
const TAG_COLUMNS = ["guildId", "name", "nameKey", "enabled", "uses"] as const;
type TagColumn = (typeof TAG_COLUMNS)[number];
const SUGGESTIONS = 25;

/** Custom commands. Names are unique per guild regardless of case (through `name_key`). */
@service()
export class TagController extends BaseController<Tag> {
  /** Column names for the statements written here, from the entity's metadata. */
  private readonly columns = builtOnce(
    () =>
      Object.fromEntries(
        TAG_COLUMNS.map((property) => [property, this.sql.columnName(property)]),
      ) as Readonly<Record<TagColumn, string>>,
  );

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Tag);
  }

  async createTag(input: NewTag): Promise<Tag> {
    const name = tagName(input.name);
    try {
      return await this.create({ ...input, name, nameKey: name.toLowerCase() });
    } catch (error) {
      if (error instanceof ConflictError && error.constraint === "ux_tags_name") {
        throw new UserError("tags.exists", { name });
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
    const { table } = this.sql;
    const column = this.columns();
    const result = await this.db.sql<{ name: string }>(
      `DELETE FROM ${table} WHERE ${column.guildId} = $1 AND ${column.nameKey} = $2 RETURNING ${column.name} AS name`,
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
    const { table, selectList } = this.sql;
    const { uses, guildId: guild, nameKey, enabled } = this.columns();
    const result = await this.db.sql<Record<string, unknown>>(
      `UPDATE ${table} SET ${uses} = ${uses} + 1 WHERE ${guild} = $1 AND ${nameKey} = $2 AND ${enabled}
       RETURNING ${selectList}`,
      [guildId, name.trim().toLowerCase()],
    );
    const row = result.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /**
   * Counts one use and runs `check` (the access rules, a cooldown) on the tag as counted and locked, all in
   * one transaction: a refused use is not counted and costs no cooldown, and a tag changed meanwhile is
   * judged as it is now. `before` (the tag as read earlier) is judged when the use cannot be counted.
   */
  useChecked(guildId: string, before: Tag, check: (tag: Tag) => Promise<void>): Promise<Tag> {
    return this.transaction(async () => {
      const counted = await this.use(guildId, before.name);
      // Not counted: disabled (which `check` says, judging `before`) or deleted meanwhile.
      await check(counted ?? before);
      if (!counted) throw unknownTag(before.name);
      return counted;
    });
  }

  /** Names starting with `prefix` (any case), for autocomplete: one bounded statement. */
  async suggestions(guildId: string, prefix: string): Promise<string[]> {
    const pattern = `${prefix
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const { name, guildId: guild, enabled, nameKey } = this.columns();
    const result = await this.db.sql<{ name: string }>(
      `SELECT ${name} AS name FROM ${this.sql.table} WHERE ${guild} = $1 AND ${enabled} AND ${nameKey} LIKE $2
       ORDER BY ${nameKey} LIMIT ${SUGGESTIONS}`,
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
  return new UserError("tags.unknown", { name: name.trim() });
}
