import type {
  DeepPartial,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsRelations,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
} from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import type { DatabaseService } from "../database/database-service";
import { NotFoundError } from "../errors/database-errors";
import { invalid } from "../errors/validation-error";
import type { TransactionOptions } from "../database/lifecycle";
import type { Transaction } from "../database/transaction-scope";
import { planBulkUpdate, type BulkChange } from "../database/bulk-update";
import { EntitySql } from "../database/entity-sql";
import {
  checkPageSize,
  decodeCursor,
  encodeCursor,
  type CursorPage,
  type Page,
} from "../database/pagination";
import { assertValid } from "../validation";

export type { BulkChange, CursorPage, Page };
export type Id = string | number;
/** An entity that belongs to one guild (`guildId`): every query of it must name the guild. */
export interface GuildOwned {
  guildId: string;
}

/** One filter; for a guild-owned entity the type demands its `guildId`, so no query leaves the guild. */
export type Filter<T> = T extends GuildOwned
  ? FindOptionsWhere<T> & { guildId: string }
  : FindOptionsWhere<T>;
export type Where<T> = Filter<T> | Filter<T>[];

/** A filter that may be left out (the whole table) only where no guild owns the rows. */
type WhereOption<T> = T extends GuildOwned ? { where: Where<T> } : { where?: Where<T> };
/** The arguments of a method whose options may be left out only where no guild owns the rows. */
export type OptionsArg<T, O> = T extends GuildOwned ? [options: O] : [options?: O];

export type FindOneOptions<T> = WhereOption<T> & {
  order?: FindOptionsOrder<T>;
  relations?: FindOptionsRelations<T>;
};

export type FindManyOptions<T> = FindOneOptions<T> & {
  limit?: number;
  offset?: number;
};

export type PaginateOptions<T> = WhereOption<T> & {
  page: number;
  perPage: number;
  order?: FindOptionsOrder<T>;
};

export type CursorOptions<T> = (T extends GuildOwned ? { where: Filter<T> } : { where?: Filter<T> }) & {
  after?: string | null;
  limit: number;
  /** Sort key; the primary key breaks ties, so the order is total even on a non-unique column. */
  orderBy?: keyof T & string;
  direction?: "ASC" | "DESC";
};

/** What TypeORM takes, from a filter whose guild (if any) the types have already demanded. */
function typeorm<T>(where: Where<T> | undefined): FindOptionsWhere<T> | FindOptionsWhere<T>[] | undefined {
  return where as FindOptionsWhere<T> | FindOptionsWhere<T>[] | undefined;
}

export interface UpsertOptions<T> {
  /** Columns to overwrite on conflict; default: every column given that is not a conflict column. */
  update?: Array<keyof T & string>;
}

/**
 * The contract every controller inherits: reads, writes, pagination, bulk operations and transactions over
 * one entity. Every method runs through DatabaseService, so it joins the caller's transaction, counts its
 * statements, and throws only Warden's typed errors (NotFoundError, ConflictError, ValidationError, …).
 */
export abstract class BaseController<T extends ObjectLiteral> {
  private entitySql: EntitySql<T> | undefined;
  private readonly related = new Map<EntityTarget<ObjectLiteral>, EntitySql<ObjectLiteral>>();

  protected constructor(
    protected readonly db: DatabaseService,
    private readonly target: EntityTarget<T>,
  ) {}

  /** SQL text and hydration for this entity (metadata is read once, after the database started). */
  protected get sql(): EntitySql<T> {
    this.entitySql ??= new EntitySql<T>(this.db.dataSource, this.db.dataSource.getMetadata(this.target));
    return this.entitySql;
  }

  /** SQL text for another entity a hand-written statement here touches (a join, a cascade). */
  protected sqlOf<E extends ObjectLiteral>(target: EntityTarget<E>): EntitySql<E> {
    const known = this.related.get(target) as EntitySql<E> | undefined;
    if (known) return known;
    const made = new EntitySql<E>(this.db.dataSource, this.db.dataSource.getMetadata(target));
    this.related.set(target, made as unknown as EntitySql<ObjectLiteral>);
    return made;
  }

  /** The repository bound to the current transaction, if any. */
  protected get repository(): Repository<T> {
    return this.db.manager().getRepository(this.target);
  }

  // ── reads ────────────────────────────────────────────────────────────────────────────────────────────

  async getById(id: Id): Promise<T | null> {
    const result = await this.db.sql<Record<string, unknown>>(this.sql.selectById, [id]);
    const row = result.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /** Like getById, but a missing row is a NotFoundError. */
  async getByIdOrFail(id: Id): Promise<T> {
    const found = await this.getById(id);
    if (!found) throw new NotFoundError(this.sql.name, { [this.sql.primaryProperty]: id });
    return found;
  }

  findOne(...[options]: OptionsArg<T, FindOneOptions<T>>): Promise<T | null> {
    const { where, order, relations } = (options ?? {}) as FindOneOptions<T> & { where?: Where<T> };
    return this.db.run(() =>
      this.repository.findOne({
        ...(where ? { where: typeorm(where) } : {}),
        ...(order ? { order } : {}),
        ...(relations ? { relations, relationLoadStrategy: "join" } : {}),
      }),
    );
  }

  findMany(...[options]: OptionsArg<T, FindManyOptions<T>>): Promise<T[]> {
    const { where, order, relations, limit, offset } = (options ?? {}) as FindManyOptions<T> & {
      where?: Where<T>;
    };
    return this.db.run(() =>
      this.repository.find({
        ...(where ? { where: typeorm(where) } : {}),
        ...(order ? { order } : {}),
        ...(relations ? { relations, relationLoadStrategy: "query" } : {}),
        ...(limit !== undefined ? { take: limit } : {}),
        ...(offset !== undefined ? { skip: offset } : {}),
      }),
    );
  }

  count(...[where]: OptionsArg<T, Where<T>>): Promise<number> {
    const filter = typeorm(where as Where<T> | undefined);
    return this.db.run(() => this.repository.count(filter ? { where: filter } : {}));
  }

  exists(where: Where<T>): Promise<boolean> {
    return this.db.run(() => this.repository.exists({ where: typeorm(where) ?? {} }));
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────────────────

  /** Validates and inserts one row; returns it as stored, database defaults included. */
  async create(data: DeepPartial<T>): Promise<T> {
    this.validate(data);
    const [statement] = this.sql.inserts([data as Partial<T>], `RETURNING ${this.sql.selectList}`);
    if (!statement) throw new Error("no insert statement planned");
    const result = await this.db.sql<Record<string, unknown>>(statement.sql, statement.params);
    const created = this.sql.hydrate(result.rows[0] ?? {});
    this.wrote([this.idOf(created)]);
    return created;
  }

  /**
   * Inserts many rows with multi-row INSERTs kept under PostgreSQL's bind-parameter limit, all or none.
   * Returns the number of rows inserted. `validate: false` skips class-validator for trusted bulk loads.
   */
  async createMany(rows: readonly DeepPartial<T>[], options: { validate?: boolean } = {}): Promise<number> {
    if (rows.length === 0) return 0;
    if (options.validate !== false) this.validateMany(rows);
    const statements = this.sql.inserts(rows as readonly Partial<T>[]);
    const inserted = await this.runStatements(statements);
    this.wrote("all");
    return inserted;
  }

  /** One `UPDATE … RETURNING`: no read first and no transaction of its own. Null when no row has the id. */
  async updateById(id: Id, changes: Partial<T>): Promise<T | null> {
    this.validate(changes, true);
    const params: unknown[] = [];
    const assignments = this.sql.assignments(changes, params);
    params.push(id);
    const result = await this.db.sql<Record<string, unknown>>(
      `UPDATE ${this.sql.table} SET ${assignments} WHERE ${this.sql.quoted(this.sql.primaryColumn)} = $${params.length} ` +
        `RETURNING ${this.sql.selectList}`,
      params,
    );
    this.wrote([id]);
    const row = result.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /** Updates every row matching `where` (which may not be empty); returns how many rows changed. */
  async updateWhere(where: Where<T>, changes: Partial<T>): Promise<number> {
    refuseEmpty(where);
    this.validate(changes, true);
    if (Object.values(changes).every((value) => value === undefined)) {
      throw invalid("changes", "validation.no_changes");
    }
    return this.db.run(async () => {
      const result = await this.db
        .manager()
        .createQueryBuilder()
        .update(this.target)
        .set(changes as QueryDeepPartialEntity<T>)
        .where(where)
        .execute();
      this.wrote("all");
      return result.affected ?? 0;
    });
  }

  async deleteById(id: Id): Promise<boolean> {
    const result = await this.db.sql(
      `DELETE FROM ${this.sql.table} WHERE ${this.sql.quoted(this.sql.primaryColumn)} = $1`,
      [id],
    );
    this.wrote([id]);
    return result.rowCount > 0;
  }

  /** Deletes every row matching `where`; an empty `where` is refused rather than emptying the table. */
  async deleteWhere(where: Where<T>): Promise<number> {
    refuseEmpty(where);
    return this.db.run(async () => {
      const result = await this.db
        .manager()
        .createQueryBuilder()
        .delete()
        .from(this.target)
        .where(where)
        .execute();
      this.wrote("all");
      return result.affected ?? 0;
    });
  }

  /** `INSERT … ON CONFLICT (conflictColumns) DO UPDATE`; returns the rows as stored. */
  async upsert(
    values: DeepPartial<T> | readonly DeepPartial<T>[],
    conflictColumns: Array<keyof T & string>,
    options: UpsertOptions<T> = {},
  ): Promise<T[]> {
    const rows = (Array.isArray(values) ? values : [values]) as Partial<T>[];
    if (rows.length === 0) return [];
    this.validateMany(rows);
    const conflict = conflictColumns.map((property) => this.sql.quoted(this.sql.column(property)));
    const given = new Set(rows.flatMap((row) => Object.keys(row).filter((key) => row[key] !== undefined)));
    const update = options.update ?? [...given].filter((property) => !conflictColumns.includes(property));
    const targets = update.length > 0 ? update : conflictColumns;
    const set = targets
      .map((property) => this.sql.quoted(this.sql.column(property)))
      .map((column) => `${column} = EXCLUDED.${column}`);
    const updateDate = this.sql.metadata.updateDateColumn;
    if (updateDate && update.length > 0 && !update.includes(updateDate.propertyName as keyof T & string)) {
      set.push(`${this.sql.quoted(updateDate)} = now()`);
    }
    const suffix = `ON CONFLICT (${conflict.join(", ")}) DO UPDATE SET ${set.join(", ")} RETURNING ${this.sql.selectList}`;
    const statements = this.sql.inserts(rows, suffix);
    return this.inOneTransaction(statements.length, async () => {
      const stored: T[] = [];
      for (const statement of statements) {
        const result = await this.db.sql<Record<string, unknown>>(statement.sql, statement.params);
        stored.push(...result.rows.map((row) => this.sql.hydrate(row)));
      }
      this.wrote(stored.map((row) => this.idOf(row)));
      return stored;
    });
  }

  /**
   * Returns the row identified by `key` (columns of a unique constraint), creating it with `defaults`
   * when missing. Safe under concurrency: every caller gets the same row and exactly one is told `created`.
   */
  async getOrCreate(
    key: Partial<T>,
    defaults: DeepPartial<T> = {} as DeepPartial<T>,
  ): Promise<{ entity: T; created: boolean }> {
    const keyColumns = Object.keys(key).map((property) => this.sql.column(property));
    if (keyColumns.length === 0) throw invalid("key", "validation.required");
    this.validate({ ...defaults, ...key });
    const [insert] = this.sql.inserts(
      [{ ...defaults, ...key } as Partial<T>],
      `ON CONFLICT (${keyColumns.map((column) => this.sql.quoted(column)).join(", ")}) DO NOTHING RETURNING ${this.sql.selectList}`,
    );
    if (!insert) throw new Error("no insert statement planned");
    const params = keyColumns.map((column) => this.sql.persistent(column, key[column.propertyName]));
    const select =
      `SELECT ${this.sql.selectList} FROM ${this.sql.table} WHERE ` +
      keyColumns.map((column, index) => `${this.sql.quoted(column)} = $${index + 1}`).join(" AND ");
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await this.db.sql<Record<string, unknown>>(insert.sql, insert.params);
      if (inserted.rows[0]) {
        const entity = this.sql.hydrate(inserted.rows[0]);
        this.wrote([this.idOf(entity)]);
        return { entity, created: true };
      }
      const existing = await this.db.sql<Record<string, unknown>>(select, params);
      if (existing.rows[0]) return { entity: this.sql.hydrate(existing.rows[0]), created: false };
      // The conflicting row was deleted between the two statements: try again.
    }
    throw new Error(`${this.sql.name}.getOrCreate: the row kept disappearing`);
  }

  // ── pagination ───────────────────────────────────────────────────────────────────────────────────────

  /** Offset pagination: simple, and fine for shallow pages. Costs two statements (page + count). */
  async paginate(options: PaginateOptions<T>): Promise<Page<T>> {
    checkPageSize("perPage", options.perPage);
    if (!Number.isInteger(options.page) || options.page < 1) {
      throw invalid("page", "validation.whole_from_one");
    }
    const order = options.order ?? ({ [this.sql.primaryProperty]: "ASC" } as FindOptionsOrder<T>);
    const [items, total] = await this.db.run(() =>
      this.repository.findAndCount({
        ...(options.where ? { where: options.where } : {}),
        order,
        skip: (options.page - 1) * options.perPage,
        take: options.perPage,
      }),
    );
    const pages = Math.ceil(total / options.perPage);
    return {
      items,
      total,
      page: options.page,
      perPage: options.perPage,
      pages,
      hasNext: options.page < pages,
      hasPrev: options.page > 1,
    };
  }

  /** Keyset pagination: one statement per page, as fast at depth 10,000 as on page 1 given an index. */
  async paginateCursor(options: CursorOptions<T>): Promise<CursorPage<T>> {
    checkPageSize("limit", options.limit);
    const primary = this.sql.primaryColumn;
    const sortColumn = this.sql.column(options.orderBy ?? primary.propertyName);
    const direction = options.direction ?? "ASC";
    const sortKey = `t.${this.sql.quoted(sortColumn)}`;
    const idKey = `t.${this.sql.quoted(primary)}`;
    const tieBreak = sortColumn === primary ? "" : `, ${idKey}`;
    const query = this.repository
      .createQueryBuilder("t")
      .where(options.where ?? {})
      .addSelect(`${sortKey}::text`, "cursor_sort")
      .addSelect(`${idKey}::text`, "cursor_id")
      .orderBy(sortKey, direction)
      .limit(options.limit + 1);
    if (tieBreak) query.addOrderBy(idKey, direction);
    if (options.after) {
      const { sortKey: sortValue, id } = decodeCursor(options.after);
      const comparison = direction === "ASC" ? ">" : "<";
      query.andWhere(
        tieBreak
          ? `(${sortKey}, ${idKey}) ${comparison} (:sortValue, :id)`
          : `${sortKey} ${comparison} :sortValue`,
        { sortValue, id },
      );
    }
    const { entities, raw } = await this.db.run(() =>
      query.getRawAndEntities<{ cursor_sort: string; cursor_id: string }>(),
    );
    const items = entities.slice(0, options.limit);
    const last = raw[options.limit - 1];
    return {
      items,
      nextCursor:
        entities.length > options.limit && last ? encodeCursor(last.cursor_sort, last.cursor_id) : null,
    };
  }

  // ── bulk ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Applies per-row changes with one `UPDATE … FROM unnest(…)` per batch; returns rows changed. */
  async bulkUpdate(changes: readonly BulkChange<T>[]): Promise<number> {
    if (changes.length === 0) return 0;
    this.validateMany(
      changes.map((change) => change.changes),
      true,
    );
    const changed = await this.runStatements(planBulkUpdate(this.sql, changes));
    this.wrote(changes.map((change) => change.id));
    return changed;
  }

  async bulkDelete(ids: readonly Id[]): Promise<number> {
    if (ids.length === 0) return 0;
    const primary = this.sql.primaryColumn;
    const result = await this.db.sql(
      `DELETE FROM ${this.sql.table} WHERE ${this.sql.quoted(primary)} = ANY($1::${this.sql.castType(primary)}[])`,
      [ids],
    );
    this.wrote(ids);
    return result.rowCount;
  }

  // ── transactions ─────────────────────────────────────────────────────────────────────────────────────

  /** See DatabaseService.transaction: every controller called inside joins the same transaction. */
  transaction<R>(work: (tx: Transaction) => Promise<R>, options?: TransactionOptions): Promise<R> {
    return this.db.transaction(work, options);
  }

  // ── helpers for subclasses ───────────────────────────────────────────────────────────────────────────

  /**
   * Runs `work` in the caller's transaction when there is one (no savepoint: two round trips saved, and
   * nothing to catch and carry on from), else in a transaction of its own. For steps that must be atomic
   * but are often part of a larger unit.
   */
  protected atomically<R>(work: () => Promise<R>): Promise<R> {
    return this.db.inTransaction ? work() : this.transaction(work);
  }

  /**
   * Called after every write this class makes, with the ids written or "all" when it cannot tell which.
   * Controllers that cache rows override it to invalidate; it runs again after the transaction commits.
   */
  protected onWrite(_ids: readonly Id[] | "all"): void {}

  protected wrote(ids: readonly Id[] | "all"): void {
    this.onWrite(ids);
    this.db.afterCommit(() => this.onWrite(ids));
  }

  private idOf(entity: T): Id {
    const primary = this.sql.metadata.primaryColumns.length === 1 ? this.sql.primaryProperty : undefined;
    return primary ? (entity[primary] as Id) : JSON.stringify(this.sql.metadata.getEntityIdMap(entity));
  }

  protected validate(data: object, partial = false): void {
    // A bare instance of the entity class carries its validation rules; skipping the constructor (and
    // TypeORM's create()) keeps bulk validation cheap.
    const instance = Object.assign(
      Object.create((this.sql.metadata.target as new () => object).prototype) as object,
      data,
    );
    assertValid(instance, { partial });
  }

  private validateMany(rows: readonly object[], partial = false): void {
    for (const row of rows) this.validate(row, partial);
  }

  /** Statements that must land together: one needs no transaction, several join the caller's or open one. */
  private inOneTransaction<R>(statementCount: number, work: () => Promise<R>): Promise<R> {
    return statementCount > 1 ? this.atomically(work) : work();
  }

  private runStatements(statements: readonly { sql: string; params: unknown[] }[]): Promise<number> {
    return this.inOneTransaction(statements.length, async () => {
      let affected = 0;
      for (const statement of statements)
        affected += (await this.db.sql(statement.sql, statement.params)).rowCount;
      return affected;
    });
  }
}

function refuseEmpty(where: unknown): void {
  const clauses = Array.isArray(where) ? where : [where];
  const empty =
    clauses.length === 0 ||
    clauses.some(
      (clause) =>
        clause === null ||
        typeof clause !== "object" ||
        Object.values(clause as object).every((value) => value === undefined),
    );
  if (empty) throw invalid("where", "validation.no_condition");
}
