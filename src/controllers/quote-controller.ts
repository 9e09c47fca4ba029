import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { Quote } from "../entities/quote";
import { service } from "../service";
import { BaseController } from "./base-controller";

/** A guild's quote book. */
@service()
export class QuoteController extends BaseController<Quote> {
  /** One row, chosen by the database: no list of ids travels to the bot first. */
  private readonly randomSql = builtOnce(
    () => `SELECT ${this.sql.selectList} FROM ${this.sql.table}
      WHERE ${this.sql.columnName("guildId")} = $1
        AND ($2::bigint IS NULL OR ${this.sql.columnName("authorId")} = $2::bigint)
      ORDER BY random() LIMIT 1`,
  );

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
}
