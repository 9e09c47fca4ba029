import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { Quote } from "../entities/quote";
import { service } from "../service";
import { BaseController } from "./base-controller";

/** A guild's quote book. */
@service()
export class QuoteController extends BaseController<Quote> {
  private randomStatement: string | undefined;

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Quote);
  }

  add(guildId: string, text: string, authorId: string | null, addedBy: string): Promise<Quote> {
    return this.create({ guildId, text, authorId, addedBy });
  }

  /** A quote of the guild at random, by one author if given; null when there is none. */
  async random(guildId: string, authorId: string | null): Promise<Quote | null> {
    const { rows } = await this.db.sql<Record<string, unknown>>(this.randomSql(), [guildId, authorId]);
    return rows[0] ? this.sql.hydrate(rows[0]) : null;
  }

  /** Built once the database (and so the entity metadata) is there. One row, chosen by the database. */
  private randomSql(): string {
    const { table, selectList } = this.sql;
    this.randomStatement ??= `SELECT ${selectList} FROM ${table}
      WHERE ${this.sql.columnName("guildId")} = $1
        AND ($2::bigint IS NULL OR ${this.sql.columnName("authorId")} = $2::bigint)
      ORDER BY random() LIMIT 1`;
    return this.randomStatement;
  }
}
