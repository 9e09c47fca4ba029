import type { DeepPartial, FindOptionsOrder, FindOptionsWhere } from "typeorm";
import type {
  BaseController,
  CursorOptions,
  GuildOwned,
  CursorPage,
  Filter,
  FindManyOptions,
  FindOneOptions,
  OptionsArg,
  Page,
  PaginateOptions,
  Where,
} from "./base-controller";

export type { GuildOwned };

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

  private where(where?: GuildWhere<T>): Filter<T> {
    return { ...where, guildId: this.guildId } as unknown as Filter<T>;
  }

  findOne(where: GuildWhere<T>, order?: FindOptionsOrder<T>): Promise<T | null> {
    const options = { where: this.where(where), ...(order ? { order } : {}) } as FindOneOptions<T>;
    return this.controller.findOne(...([options] as OptionsArg<T, FindOneOptions<T>>));
  }

  findMany(
    options: { where?: GuildWhere<T>; order?: FindOptionsOrder<T>; limit?: number } = {},
  ): Promise<T[]> {
    const scoped = { ...options, where: this.where(options.where) } as FindManyOptions<T>;
    return this.controller.findMany(...([scoped] as OptionsArg<T, FindManyOptions<T>>));
  }

  count(where?: GuildWhere<T>): Promise<number> {
    return this.controller.count(...([this.where(where)] as OptionsArg<T, Where<T>>));
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
    return this.controller.paginate({
      ...options,
      where: this.where(options.where),
    } as unknown as PaginateOptions<T>);
  }

  paginateCursor(options: {
    after?: string | null;
    limit: number;
    where?: GuildWhere<T>;
    orderBy?: keyof T & string;
    direction?: "ASC" | "DESC";
  }): Promise<CursorPage<T>> {
    return this.controller.paginateCursor({
      ...options,
      where: this.where(options.where),
    } as unknown as CursorOptions<T>);
  }
}
