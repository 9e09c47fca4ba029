import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Guild } from "../entities";
import { BaseController } from "./base-controller";

@service()
export class GuildController extends BaseController<Guild> {
  private readonly nextCaseNumberSql = builtOnce(() => this.nextCaseNumberStatement());

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Guild);
  }

  /** The guild's row, created on first sight. */
  async ensure(guildId: string): Promise<Guild> {
    return (await this.getOrCreate({ id: guildId })).entity;
  }

  /** The bot joined (or rejoined) the guild. */
  async markJoined(guildId: string): Promise<Guild> {
    const [guild] = await this.upsert({ id: guildId, leftAt: null }, ["id"], { update: ["leftAt"] });
    if (!guild) throw new Error("upsert returned no row");
    return guild;
  }

  markLeft(guildId: string): Promise<Guild | null> {
    return this.updateById(guildId, { leftAt: new Date() });
  }

  /**
   * Takes the guild's next case number: one statement that creates the guild row if needed and bumps its
   * counter. The row stays locked until the caller's transaction ends, so concurrent creators queue on it
   * (in any process) and a rollback hands the number back: no duplicates, no gaps. Also returns the
   * transaction's `now()`, which is the case's `created_at`.
   */
  async takeNextCaseNumber(guildId: string): Promise<{ number: number; at: Date }> {
    const result = await this.db.sql<{ case_counter: number; taken_at: Date }>(this.nextCaseNumberSql(), [
      guildId,
    ]);
    const row = result.rows[0];
    if (row === undefined) throw new Error("case counter update returned no row");
    return { number: row.case_counter, at: row.taken_at };
  }

  /** `$1` guild: creates the row or bumps its counter, returning `case_counter` and `now()`. */
  private nextCaseNumberStatement(): string {
    const { table } = this.sql;
    const [id, counter] = [this.sql.columnName("id"), this.sql.columnName("caseCounter")];
    return `INSERT INTO ${table} (${id}, ${counter}) VALUES ($1, 1)
       ON CONFLICT (${id}) DO UPDATE SET ${counter} = ${table}.${counter} + 1
       RETURNING ${counter} AS case_counter, now() AS taken_at`;
  }
}
