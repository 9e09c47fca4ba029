import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { invalid } from "../errors/validation-error";
import { VARIABLE_NAME, Variable, type VariableScope, type VariableType } from "../entities/variable";
import { UserError } from "../errors/user-error";
import { BaseController, type Page } from "./base-controller";
import { ProcessBootController } from "./process-boot-controller";
import { normaliseValue } from "./variable-values";

export interface TypedValue {
  type: VariableType;
  value: unknown;
}

export const VARIABLES_PER_PAGE = 20;
const MAX_LIST_LENGTH = 1000;

/** Typed per-guild variables. Names are folded to lower case; increments and appends are one statement each. */
@service()
export class VariableController extends BaseController<Variable> {
  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(ProcessBootController) private readonly boots: ProcessBootController,
  ) {
    super(db, Variable);
  }

  /**
   * Sets a variable. A session one belongs to this process run from now on (even when another run set it
   * before) and goes when this run stops; a persistent one stays until deleted.
   */
  async set(
    guildId: string,
    name: string,
    value: unknown,
    type: VariableType,
    scope: VariableScope = "persistent",
  ): Promise<Variable> {
    const key = variableName(name);
    const stored = normaliseValue(type, value);
    const session = scope === "session";
    if (session) await this.boots.renew();
    const bootId = session ? this.boots.bootId : null;
    const [variable] = await this.upsert({ guildId, name: key, type, scope, value: stored, bootId }, [
      "guildId",
      "name",
    ]);
    if (!variable) throw new Error("upsert returned no row");
    return variable;
  }

  async get(guildId: string, name: string): Promise<TypedValue | null> {
    const { table, columnName } = this.names;
    const result = await this.db.sql<TypedValue>(
      `SELECT ${columnName("type")} AS type, ${columnName("value")} AS value FROM ${table}
       WHERE ${columnName("guildId")} = $1 AND ${columnName("name")} = $2`,
      [guildId, variableName(name)],
    );
    return result.rows[0] ?? null;
  }

  async getOrFail(guildId: string, name: string): Promise<TypedValue> {
    const found = await this.get(guildId, name);
    if (!found) throw unknownVariable(name);
    return found;
  }

  /** Adds `by` to an integer variable (created at `by` if missing), atomically. Returns the new value. */
  async increment(guildId: string, name: string, by = 1): Promise<number> {
    const key = variableName(name);
    if (!Number.isSafeInteger(by)) throw invalid("by", "validation.not_whole");
    const { table, columnName } = this.names;
    const [value, type] = [columnName("value"), columnName("type")];
    const result = await this.db.sql<{ value: number }>(
      `INSERT INTO ${table} AS v (${columnName("guildId")}, ${columnName("name")}, ${type},
         ${columnName("scope")}, ${value})
       VALUES ($1, $2, 'integer', 'persistent', to_jsonb($3::bigint))
       ON CONFLICT (${columnName("guildId")}, ${columnName("name")}) DO UPDATE
         SET ${value} = to_jsonb((v.${value} #>> '{}')::bigint + $3::bigint), ${columnName("updatedAt")} = now()
         WHERE v.${type} = 'integer'
           AND abs((v.${value} #>> '{}')::bigint + $3::bigint) <= 9007199254740991
       RETURNING ${value} AS value`,
      [guildId, key, by],
    );
    const row = result.rows[0];
    if (row) return row.value;
    const current = await this.get(guildId, key);
    if (current && current.type !== "integer") {
      throw new UserError("variables.not_integer", { name: key, type: current.type });
    }
    throw invalid("by", "validation.unsafe_sum");
  }

  /** Appends to a list variable (created if missing), keeping its last `maxLength` items, atomically. */
  async append(guildId: string, name: string, item: unknown, maxLength = 100): Promise<unknown[]> {
    const key = variableName(name);
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_LIST_LENGTH) {
      throw invalid("maxLength", "validation.whole_in_range", { min: 1, max: MAX_LIST_LENGTH });
    }
    const { table, columnName } = this.names;
    const [value, type] = [columnName("value"), columnName("type")];
    const result = await this.db.sql<{ value: unknown[] }>(
      `INSERT INTO ${table} AS v (${columnName("guildId")}, ${columnName("name")}, ${type},
         ${columnName("scope")}, ${value})
       VALUES ($1, $2, 'list', 'persistent', jsonb_build_array($3::jsonb))
       ON CONFLICT (${columnName("guildId")}, ${columnName("name")}) DO UPDATE
         SET ${value} = (
           SELECT COALESCE(jsonb_agg(element ORDER BY position), '[]'::jsonb)
           FROM jsonb_array_elements(v.${value} || jsonb_build_array($3::jsonb))
             WITH ORDINALITY AS items(element, position)
           WHERE position > jsonb_array_length(v.${value}) + 1 - $4::int
         ), ${columnName("updatedAt")} = now()
         WHERE v.${type} = 'list'
       RETURNING ${value} AS value`,
      [guildId, key, JSON.stringify(item ?? null), maxLength],
    );
    const row = result.rows[0];
    if (row) return row.value;
    const current = await this.getOrFail(guildId, key);
    throw new UserError("variables.not_list", { name: key, type: current.type });
  }

  /** `exists` for one name (BaseController.exists takes a where clause). */
  async has(guildId: string, name: string): Promise<boolean> {
    return (await this.get(guildId, name)) !== null;
  }

  list(guildId: string, page = 1): Promise<Page<Variable>> {
    return this.paginate({ page, perPage: VARIABLES_PER_PAGE, where: { guildId }, order: { name: "ASC" } });
  }

  async delete(guildId: string, name: string): Promise<boolean> {
    const { table, columnName } = this.names;
    const result = await this.db.sql(
      `DELETE FROM ${table} WHERE ${columnName("guildId")} = $1 AND ${columnName("name")} = $2`,
      [guildId, variableName(name)],
    );
    return result.rowCount > 0;
  }

  /** Removes session variables no run owns (set before runs were recorded); returns how many. */
  async clearUnowned(): Promise<number> {
    const { table, columnName } = this.names;
    const result = await this.db.sql(
      `DELETE FROM ${table} WHERE ${columnName("scope")} = 'session' AND ${columnName("bootId")} IS NULL`,
    );
    return result.rowCount;
  }

  /** The table and a bound column-name lookup for hand-written statements. */
  private get names(): { table: string; columnName: (property: keyof Variable & string) => string } {
    return { table: this.sql.table, columnName: (property) => this.sql.columnName(property) };
  }
}

/** Names are case-insensitive: folded to lower case, then checked against VARIABLE_NAME. */
export function variableName(name: string): string {
  const key = name.trim().toLowerCase();
  if (!VARIABLE_NAME.test(key)) {
    throw invalid("name", "validation.variable_name");
  }
  return key;
}

export function unknownVariable(name: string): UserError {
  return new UserError("variables.unknown", { name: name.trim().toLowerCase() });
}
