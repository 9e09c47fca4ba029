import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { EntitySql } from "../database/entity-sql";
import type { GuildConfig } from "../entities";

/** Guilds without a config row keep their logs this many days (the column's default). */
const DEFAULT_RETENTION_DAYS = 30;

/** A table purged by batches: its name (the key in purgeExpired's result) and its statement. */
export interface PurgedTable {
  name: string;
  /** `$1` batch size (and `$2` kept days, where a table has one length for all): deletes at most a batch. */
  purge: string;
}

/** A log table kept for each guild's retention. */
export interface LoggedTable extends PurgedTable {
  /** `$1` batch size, `$2` guild: `purge`, for one guild's rows. */
  purgeGuild: string;
  /** The guilds with expired rows (`guild_id`). */
  expiredGuilds: string;
}

interface LoggedRow {
  id: string;
  guildId: string | null;
  createdAt: Date;
}

export function entitySql<E extends ObjectLiteral>(
  source: DataSource,
  target: EntityTarget<E>,
): EntitySql<E> {
  return new EntitySql<E>(source, source.getMetadata(target));
}

/**
 * A log kept for each guild's retention (at least `minimumDays`), purged guild by guild through the
 * (guild, created_at) index: the guilds are found by skipping through that index (one descent each), and
 * each guild's expired rows are the start of its range. The cost is the expired rows plus a descent per
 * guild, however many rows are kept. Rows without a guild (direct messages) keep the default.
 */
export function loggedTable<T extends LoggedRow>(
  logged: EntitySql<T>,
  configs: EntitySql<GuildConfig>,
  minimumDays = 0,
): LoggedTable {
  const [id, guild, created] = [
    logged.columnName("id"),
    logged.columnName("guildId"),
    logged.columnName("createdAt"),
  ];
  const keptDays = (days: string): string => `make_interval(days => GREATEST(${minimumDays}, ${days}))`;
  const seen = `WITH RECURSIVE seen AS (
      (SELECT ${guild} AS guild_id FROM ${logged.table} WHERE ${guild} IS NOT NULL ORDER BY ${guild} LIMIT 1)
      UNION ALL
      SELECT (SELECT t.${guild} FROM ${logged.table} t WHERE t.${guild} > seen.guild_id ORDER BY t.${guild} LIMIT 1)
        FROM seen WHERE seen.guild_id IS NOT NULL
    )`;
  const cutoffs = (only: string): string => `SELECT g.guild_id,
        now() - ${keptDays(`COALESCE(c.${configs.columnName("retentionDays")}, ${DEFAULT_RETENTION_DAYS})`)} AS cutoff
      FROM ${only} g LEFT JOIN ${configs.table} c ON c.${configs.columnName("guildId")} = g.guild_id
     WHERE g.guild_id IS NOT NULL`;
  const expiredOf = (kept: string): string => `SELECT x.id FROM (${kept}) kept CROSS JOIN LATERAL (
        SELECT t.${id} AS id FROM ${logged.table} t
         WHERE t.${guild} = kept.guild_id AND t.${created} < kept.cutoff LIMIT $1) x`;
  const direct = `SELECT ${id} FROM ${logged.table}
     WHERE ${guild} IS NULL AND ${created} < now() - ${keptDays(String(DEFAULT_RETENTION_DAYS))}
     ORDER BY ${created} LIMIT $1`;
  return {
    name: logged.metadata.tableName,
    purge: `${seen} DELETE FROM ${logged.table} WHERE ${id} IN (
        SELECT id FROM (${expiredOf(cutoffs("seen"))} UNION ALL (${direct})) expired LIMIT $1)`,
    purgeGuild: `DELETE FROM ${logged.table} WHERE ${id} IN (
        ${expiredOf(cutoffs("(SELECT $2::bigint AS guild_id)"))})`,
    expiredGuilds: `${seen} SELECT kept.guild_id FROM (${cutoffs("seen")}) kept
      WHERE EXISTS (SELECT 1 FROM ${logged.table} t WHERE t.${guild} = kept.guild_id AND t.${created} < kept.cutoff)`,
  };
}

/**
 * Rows of a table keyed by `key` whose `time` is older than `$2` days (`where`: which rows may go), oldest
 * first: the order makes the planner walk the index on `time` rather than bet on a scan finding a batch
 * early (with nothing expired, such a scan reads the whole table). The direct messages' branch of
 * loggedTable is ordered for the same reason.
 */
export function agedTable<E extends ObjectLiteral>(
  table: EntitySql<E>,
  key: ReadonlyArray<keyof E & string>,
  time: keyof E & string,
  where = "TRUE",
): PurgedTable {
  const columns = key.map((property) => table.columnName(property)).join(", ");
  const at = table.columnName(time);
  const older =
    table.columns.find((column) => column.propertyName === time)?.type === "date"
      ? `(now() AT TIME ZONE 'UTC')::date - $2::int`
      : `now() - make_interval(days => $2)`;
  return {
    name: table.metadata.tableName,
    purge: `DELETE FROM ${table.table} WHERE (${columns}) IN (
           SELECT ${columns} FROM ${table.table} WHERE ${at} < ${older} AND ${where} ORDER BY ${at} LIMIT $1)`,
  };
}
