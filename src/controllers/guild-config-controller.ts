import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { DatabaseService } from "../database/database-service";
import { NotificationListener } from "../database/notification-listener";
import { Guild, GuildConfig } from "../entities";
import { TOKENS } from "../tokens";
import { BaseController, type Id } from "./base-controller";
import { GuildBatchLoader } from "./guild-batch-loader";
import { builtOnce } from "../database/built-once";

export type GuildConfigChanges = Partial<
  Pick<
    GuildConfig,
    | "modLogChannelId"
    | "modLogProblem"
    | "dmOnAction"
    | "settings"
    | "messageLogEnabled"
    | "retentionDays"
    | "restrictedRoleId"
    | "persistentRoleIds"
  >
>;

/**
 * Other processes hear of every committed write on this channel, as `<sender>:<guild id>` or `<sender>:*`
 * (every guild). A payload without a sender, e.g. `NOTIFY warden_guild_config, '*'` after editing the table
 * by hand, reaches every process.
 */
export const GUILD_CONFIG_CHANNEL = "warden_guild_config";
const ALL_GUILDS = "*";
const MAX_NAMED_GUILDS = 100;

/**
 * Guild settings, created on demand and read through a cache. Every write path — the ones here and the
 * inherited BaseController ones — invalidates through `onWrite`, again after the transaction commits, and
 * then tells every other process through NOTIFY. The cache is only filled while LISTEN is in effect: when
 * the connection is lost, so may be notifications, so the cache is dropped and reads go to the database.
 * A notification can also be lost on the sender's side (its connection dropped after COMMIT, or the process
 * killed): an entry older than GUILD_CONFIG_CACHE_MS is read again, which bounds how stale settings get.
 */
@service()
export class GuildConfigController extends BaseController<GuildConfig> {
  /** Each entry with when it was read: a notification can be lost, so an entry is trusted only so long. */
  private readonly cache = new Map<string, { config: GuildConfig; readAt: number }>();
  /** Reads in flight; an invalidation marks them stale so a value read before a write is not cached. */
  private readonly reads = new Set<{ guildId: string; stale: boolean }>();
  /** Tells this controller's own notifications apart: it invalidated when it wrote. */
  private readonly sender = randomUUID();
  /** `$1` guild ids: creates each guild (if new) and its default config; concurrent creators are fine. */
  private readonly insertDefaults = builtOnce(() => {
    const guilds = this.sqlOf(Guild);
    const [id, guild] = [guilds.columnName("id"), this.sql.columnName("guildId")];
    return `WITH guild AS (INSERT INTO ${guilds.table} (${id}) SELECT unnest($1::bigint[]) ON CONFLICT (${id}) DO NOTHING)
       INSERT INTO ${this.sql.table} (${guild}) SELECT unnest($1::bigint[]) ON CONFLICT (${guild}) DO NOTHING`;
  });
  /** Cache misses outside transactions, read (and created) together: one statement per batch of guilds. */
  private readonly loader = new GuildBatchLoader((guildIds) => this.loadMany(guildIds));

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(NotificationListener) private readonly notifications: NotificationListener,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {
    super(db, GuildConfig);
    notifications.on(GUILD_CONFIG_CHANNEL, (payload) => this.heard(payload));
    notifications.onConnectionChange(() => this.invalidate());
  }

  /** The guild's config; a cache hit costs no statement. Reads inside a transaction bypass the cache. */
  async get(guildId: string): Promise<GuildConfig> {
    const cached = this.cache.get(guildId);
    const fresh = cached && performance.now() - cached.readAt < this.config.GUILD_CONFIG_CACHE_MS;
    if (cached && fresh && !this.db.inTransaction) return cached.config;
    await this.notifications.ready();
    const read = { guildId, stale: false, at: performance.now() };
    this.reads.add(read);
    try {
      const config = this.db.inTransaction
        ? ((await this.getById(guildId)) ?? (await this.createDefault(guildId)))
        : await this.loader.load(guildId);
      if (!this.db.inTransaction && !read.stale && this.notifications.listening) {
        this.cache.set(guildId, { config, readAt: read.at });
      }
      return config;
    } finally {
      this.reads.delete(read);
    }
  }

  /** Reads (creating where missing) the configs of many guilds into the cache, a batch per statement. */
  async preload(guildIds: readonly string[]): Promise<void> {
    await Promise.all(guildIds.map((guildId) => this.get(guildId)));
  }

  /** Posts cases in `channelId` from now on, and forgets the old channel's problem. */
  setModLogChannel(guildId: string, channelId: string): Promise<GuildConfig> {
    return this.update(guildId, { modLogChannelId: channelId, modLogProblem: null });
  }

  setDmOnAction(guildId: string, enabled: boolean): Promise<GuildConfig> {
    return this.update(guildId, { dmOnAction: enabled });
  }

  async update(guildId: string, changes: GuildConfigChanges): Promise<GuildConfig> {
    await this.get(guildId);
    const updated = await this.updateById(guildId, changes);
    if (!updated) throw new Error(`guild config ${guildId} vanished during update`);
    return updated;
  }

  /** Adds a moderator role; atomic, and a no-op when the role is already there. */
  addModeratorRole(guildId: string, roleId: string): Promise<GuildConfig> {
    const roles = this.sql.columnName("moderatorRoleIds");
    return this.changeIds(
      guildId,
      `${roles} = array_append(${roles}, $2::bigint)`,
      `AND NOT ($2::bigint = ANY(${roles}))`,
      roleId,
    );
  }

  removeModeratorRole(guildId: string, roleId: string): Promise<GuildConfig> {
    const roles = this.sql.columnName("moderatorRoleIds");
    return this.changeIds(
      guildId,
      `${roles} = array_remove(${roles}, $2::bigint)`,
      `AND $2::bigint = ANY(${roles})`,
      roleId,
    );
  }

  /** Adds a role given back on rejoin (`/config persistent-roles`); atomic, a no-op when already there. */
  addPersistentRole(guildId: string, roleId: string): Promise<GuildConfig> {
    const roles = this.sql.columnName("persistentRoleIds");
    const assignment = `${roles} = array_append(${roles}, $2::bigint)`;
    return this.changeIds(guildId, assignment, `AND NOT ($2::bigint = ANY(${roles}))`, roleId);
  }

  removePersistentRole(guildId: string, roleId: string): Promise<GuildConfig> {
    const roles = this.sql.columnName("persistentRoleIds");
    const assignment = `${roles} = array_remove(${roles}, $2::bigint)`;
    return this.changeIds(guildId, assignment, `AND $2::bigint = ANY(${roles})`, roleId);
  }

  /** Adds a channel `/lockdown` locks; atomic, and a no-op when it is already there. */
  addLockdownChannel(guildId: string, channelId: string): Promise<GuildConfig> {
    const channels = this.sql.columnName("lockdownChannelIds");
    return this.changeIds(
      guildId,
      `${channels} = array_append(${channels}, $2::bigint)`,
      `AND NOT ($2::bigint = ANY(${channels}))`,
      channelId,
    );
  }

  removeLockdownChannel(guildId: string, channelId: string): Promise<GuildConfig> {
    const channels = this.sql.columnName("lockdownChannelIds");
    return this.changeIds(
      guildId,
      `${channels} = array_remove(${channels}, $2::bigint)`,
      `AND $2::bigint = ANY(${channels})`,
      channelId,
    );
  }

  /** Forget cached configs (all, or one guild's); the next read goes to the database. */
  invalidate(guildId?: string): void {
    if (guildId === undefined) this.cache.clear();
    else this.cache.delete(guildId);
    for (const read of this.reads) if (guildId === undefined || read.guildId === guildId) read.stale = true;
  }

  protected override onWrite(ids: readonly Id[] | "all"): void {
    if (ids === "all") this.invalidate();
    else for (const id of ids) this.invalidate(String(id));
  }

  protected override wrote(ids: readonly Id[] | "all"): void {
    super.wrote(ids);
    const guilds =
      ids === "all" || ids.length > MAX_NAMED_GUILDS ? [ALL_GUILDS] : [...new Set(ids.map(String))];
    const payloads = guilds.map((guild) => `${this.sender}:${guild}`);
    this.db.afterCommit(() => void this.notifications.notify(GUILD_CONFIG_CHANNEL, payloads));
  }

  private heard(payload: string): void {
    const separator = payload.indexOf(":");
    if (separator >= 0 && payload.slice(0, separator) === this.sender) return;
    const guildId = payload.slice(separator + 1);
    this.invalidate(guildId === ALL_GUILDS ? undefined : guildId);
  }

  /** One atomic change of an id array column (moderator roles, lockdown channels). */
  private async changeIds(
    guildId: string,
    assignment: string,
    condition: string,
    id: string,
  ): Promise<GuildConfig> {
    await this.get(guildId);
    const { table, selectList } = this.sql;
    const [updatedAt, guild] = [this.sql.columnName("updatedAt"), this.sql.columnName("guildId")];
    const updated = await this.db.sql<Record<string, unknown>>(
      `UPDATE ${table} SET ${assignment}, ${updatedAt} = now() WHERE ${guild} = $1 ${condition} ` +
        `RETURNING ${selectList}`,
      [guildId, id],
    );
    this.wrote([guildId]);
    const row = updated.rows[0];
    return row ? this.sql.hydrate(row) : this.get(guildId); // unchanged: the id was already (not) there
  }

  /** The configs of `guildIds`, the missing ones created first: one statement, three for new guilds. */
  private async loadMany(guildIds: readonly string[]): Promise<Map<string, GuildConfig>> {
    const found = await this.selectMany(guildIds);
    const missing = guildIds.filter((guildId) => !found.has(guildId));
    if (missing.length === 0) return found;
    await this.db.sql(this.insertDefaults(), [missing]);
    for (const [guildId, config] of await this.selectMany(missing)) found.set(guildId, config);
    return found;
  }

  private async selectMany(guildIds: readonly string[]): Promise<Map<string, GuildConfig>> {
    const { table, selectList } = this.sql;
    const result = await this.db.sql<Record<string, unknown>>(
      `SELECT ${selectList} FROM ${table} WHERE ${this.sql.columnName("guildId")} = ANY($1::bigint[])`,
      [guildIds],
    );
    const configs = result.rows.map((row) => this.sql.hydrate(row));
    return new Map(configs.map((config) => [String(config.guildId), config]));
  }

  /** Creates the guild (if new) and its default config in one statement; a concurrent creator is fine. */
  private async createDefault(guildId: string): Promise<GuildConfig> {
    await this.db.sql(this.insertDefaults(), [[guildId]]);
    const created = await this.getById(guildId);
    if (!created) throw new Error(`guild config ${guildId} was not created`);
    return created;
  }
}
