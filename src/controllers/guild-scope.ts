import type { DeepPartial, FindOptionsOrder, FindOptionsWhere } from "typeorm";
import type { BaseController, CursorPage, Page } from "./base-controller";

/** Entities that belong to one guild. */
export interface GuildOwned {
  guildId: string;
}

export type GuildWhere<T extends GuildOwned> = Omit<FindOptionsWhere<T>, "guildId">;

/**
 * A controller's reads and writes pinned to one guild. Callers give the guild id once; every filter they
 * pass has the guild added last, and the types leave no `guildId` to set, so no query can leave the guild.
 */
export class GuildScope<T extends GuildOwned> {
  constructor(
    private readonly controller: BaseController<T>,
    readonly guildId: string,
  ) {}

  private where(where?: GuildWhere<T>): FindOptionsWhere<T> {
    return { ...where, guildId: this.guildId } as FindOptionsWhere<T>;
  }

  findOne(where: GuildWhere<T>, order?: FindOptionsOrder<T>): Promise<T | null> {
    return this.controller.findOne({ where: this.where(where), ...(order ? { order } : {}) });
  }

  findMany(
    options: { where?: GuildWhere<T>; order?: FindOptionsOrder<T>; limit?: number } = {},
  ): Promise<T[]> {
    return this.controller.findMany({ ...options, where: this.where(options.where) });
  }

  count(where?: GuildWhere<T>): Promise<number> {
    return this.controller.count(this.where(where));
  }

  exists(where: GuildWhere<T>): Promise<boolean> {
    return this.controller.exists(this.where(where));
  }

  create(data: Omit<DeepPartial<T>, "guildId">): Promise<T> {
    return this.controller.create({ ...data, guildId: this.guildId } as DeepPartial<T>);
  }

  updateWhere(where: GuildWhere<T>, changes: Omit<Partial<T>, "guildId">): Promise<number> {
    return this.controller.updateWhere(this.where(where), changes as Partial<T>);
  }

  deleteWhere(where: GuildWhere<T>): Promise<number> {
    return this.controller.deleteWhere(this.where(where));
  }

  paginate(options: {
    page: number;
    perPage: number;
    where?: GuildWhere<T>;
    order?: FindOptionsOrder<T>;
  }): Promise<Page<T>> {
    return this.controller.paginate({ ...options, where: this.where(options.where) });
  }

  paginateCursor(options: {
    after?: string | null;
    limit: number;
    where?: GuildWhere<T>;
    orderBy?: keyof T & string;
    direction?: "ASC" | "DESC";
  }): Promise<CursorPage<T>> {
    return this.controller.paginateCursor({ ...options, where: this.where(options.where) });
  }
}
