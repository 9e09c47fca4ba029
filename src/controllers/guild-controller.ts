import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Guild } from "../entities";
import { BaseController } from "./base-controller";

@service()
export class GuildController extends BaseController<Guild> {
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
   * A statement taking the guild's next case number, for a `WITH` (`$1` guild): it creates the guild row
   * if needed and bumps its counter, returning `case_counter` and the transaction's `now()` as `taken_at`.
   * The row stays locked until the transaction ends, so concurrent creators queue on it (in any process)
   * and a rollback hands the number back: no duplicates, no gaps. No number is taken unless `onlyIf` holds.
   */
  caseNumberTaking(onlyIf = "true"): string {
    const { table } = this.sql;
    const [id, counter] = [this.sql.columnName("id"), this.sql.columnName("caseCounter")];
    return `INSERT INTO ${table} (${id}, ${counter}) SELECT $1, 1 WHERE ${onlyIf}
       ON CONFLICT (${id}) DO UPDATE SET ${counter} = ${table}.${counter} + 1
       RETURNING ${counter} AS case_counter, now() AS taken_at`;
  }

  /**
   * `WITH` items ending in a `taken` like `caseNumberTaking`'s, for a case numbered as its transaction commits:
   * a placeholder `case_counter` (negative: the numbering trigger of migration CaseNumberAtCommit replaces it),
   * with the guild row created if needed, without locking it, so the case's foreign key holds; none unless
   * `onlyIf` holds.
   */
  placeholderTaking(onlyIf = "true"): string {
    const { table } = this.sql;
    const id = this.sql.columnName("id");
    // The NOT EXISTS reads without waiting: a plain ON CONFLICT would wait for a counter update being committed.
    return `ensured AS (INSERT INTO ${table} (${id}) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${id} = $1)
        ON CONFLICT (${id}) DO NOTHING),
      taken AS (SELECT -nextval('case_number_placeholders')::integer AS case_counter, now() AS taken_at
        WHERE ${onlyIf})`;
  }
}
