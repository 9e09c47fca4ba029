import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { GuildConfig } from "../entities";
import { BaseController, type Id } from "./base-controller";

export type GuildConfigChanges = Partial<
  Pick<GuildConfig, "modLogChannelId" | "modLogProblem" | "dmOnAction" | "settings">
>;

/**
 * Guild settings, created on demand and read through a cache. Every write path — the ones here and the
 * inherited BaseController ones — invalidates through `onWrite`, again after the transaction commits.
 */
@injectable()
export class GuildConfigController extends BaseController<GuildConfig> {
  private readonly cache = new Map<string, GuildConfig>();

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, GuildConfig);
  }

  /** The guild's config; a cache hit costs no statement. Reads inside a transaction bypass the cache. */
  async get(guildId: string): Promise<GuildConfig> {
    const cached = this.cache.get(guildId);
    if (cached && !this.db.inTransaction) return cached;
    const config = (await this.getById(guildId)) ?? (await this.createDefault(guildId));
    if (!this.db.inTransaction) this.cache.set(guildId, config);
    return config;
  }

  async update(guildId: string, changes: GuildConfigChanges): Promise<GuildConfig> {
    await this.get(guildId);
    const updated = await this.updateById(guildId, changes);
    if (!updated) throw new Error(`guild config ${guildId} vanished during update`);
    return updated;
  }

  /** Adds a moderator role; atomic, and a no-op when the role is already there. */
  addModeratorRole(guildId: string, roleId: string): Promise<GuildConfig> {
    return this.changeRoles(
      guildId,
      `moderator_role_ids = array_append(moderator_role_ids, $2::bigint)`,
      `AND NOT ($2::bigint = ANY(moderator_role_ids))`,
      roleId,
    );
  }

  removeModeratorRole(guildId: string, roleId: string): Promise<GuildConfig> {
    return this.changeRoles(
      guildId,
      `moderator_role_ids = array_remove(moderator_role_ids, $2::bigint)`,
      `AND $2::bigint = ANY(moderator_role_ids)`,
      roleId,
    );
  }

  /** Forget cached configs (all, or one guild's); the next read goes to the database. */
  invalidate(guildId?: string): void {
    if (guildId === undefined) this.cache.clear();
    else this.cache.delete(guildId);
  }

  protected override onWrite(ids: readonly Id[] | "all"): void {
    if (ids === "all") this.invalidate();
    else for (const id of ids) this.invalidate(String(id));
  }

  private async changeRoles(
    guildId: string,
    assignment: string,
    condition: string,
    roleId: string,
  ): Promise<GuildConfig> {
    await this.get(guildId);
    const updated = await this.db.sql<Record<string, unknown>>(
      `UPDATE guild_configs SET ${assignment}, updated_at = now() WHERE guild_id = $1 ${condition} ` +
        `RETURNING ${this.sql.selectList}`,
      [guildId, roleId],
    );
    this.wrote([guildId]);
    const row = updated.rows[0];
    return row ? this.sql.hydrate(row) : this.get(guildId); // unchanged: the role was already (not) there
  }

  /** Creates the guild (if new) and its default config in one statement; a concurrent creator is fine. */
  private async createDefault(guildId: string): Promise<GuildConfig> {
    await this.db.sql(
      `WITH guild AS (INSERT INTO guilds (id) VALUES ($1) ON CONFLICT (id) DO NOTHING)
       INSERT INTO guild_configs (guild_id) VALUES ($1) ON CONFLICT (guild_id) DO NOTHING`,
      [guildId],
    );
    const created = await this.getById(guildId);
    if (!created) throw new Error(`guild config ${guildId} was not created`);
    return created;
  }
}
