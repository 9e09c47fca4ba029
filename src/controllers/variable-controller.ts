import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { invalid } from "../errors/validation-error";
import { VARIABLE_NAME, Variable, type VariableScope, type VariableType } from "../entities/variable";
import { LegacyUserError, UserError } from "../errors/user-error";
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
    const result = await this.db.sql<TypedValue>(
      `SELECT type, value FROM variables WHERE guild_id = $1 AND name = $2`,
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
    const result = await this.db.sql<{ value: number }>(
      `INSERT INTO variables AS variables (guild_id, name, type, scope, value)
       VALUES ($1, $2, 'integer', 'persistent', to_jsonb($3::bigint))
       ON CONFLICT (guild_id, name) DO UPDATE
         SET value = to_jsonb((variables.value #>> '{}')::bigint + $3::bigint), updated_at = now()
         WHERE variables.type = 'integer'
           AND abs((variables.value #>> '{}')::bigint + $3::bigint) <= 9007199254740991
       RETURNING value`,
      [guildId, key, by],
    );
    const row = result.rows[0];
    if (row) return row.value;
    const current = await this.get(guildId, key);
    if (current && current.type !== "integer") {
      throw new LegacyUserError(
        "VariableNotInteger",
        `\`${key}\` is a ${current.type} variable; only integer variables can be incremented.`,
      );
    }
    throw invalid("by", "validation.unsafe_sum");
  }

  /** Appends to a list variable (created if missing), keeping its last `maxLength` items, atomically. */
  async append(guildId: string, name: string, item: unknown, maxLength = 100): Promise<unknown[]> {
    const key = variableName(name);
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_LIST_LENGTH) {
      throw invalid("maxLength", "validation.whole_in_range", { min: 1, max: MAX_LIST_LENGTH });
    }
    const result = await this.db.sql<{ value: unknown[] }>(
      `INSERT INTO variables AS variables (guild_id, name, type, scope, value)
       VALUES ($1, $2, 'list', 'persistent', jsonb_build_array($3::jsonb))
       ON CONFLICT (guild_id, name) DO UPDATE
         SET value = (
           SELECT COALESCE(jsonb_agg(element ORDER BY position), '[]'::jsonb)
           FROM jsonb_array_elements(variables.value || jsonb_build_array($3::jsonb))
             WITH ORDINALITY AS items(element, position)
           WHERE position > jsonb_array_length(variables.value) + 1 - $4::int
         ), updated_at = now()
         WHERE variables.type = 'list'
       RETURNING value`,
      [guildId, key, JSON.stringify(item ?? null), maxLength],
    );
    const row = result.rows[0];
    if (row) return row.value;
    const current = await this.getOrFail(guildId, key);
    throw new LegacyUserError(
      "VariableNotList",
      `\`${key}\` is a ${current.type} variable; only list variables can be appended to.`,
    );
  }

  /** `exists` for one name (BaseController.exists takes a where clause). */
  async has(guildId: string, name: string): Promise<boolean> {
    return (await this.get(guildId, name)) !== null;
  }

  list(guildId: string, page = 1): Promise<Page<Variable>> {
    return this.paginate({ page, perPage: VARIABLES_PER_PAGE, where: { guildId }, order: { name: "ASC" } });
  }

  async delete(guildId: string, name: string): Promise<boolean> {
    const result = await this.db.sql(`DELETE FROM variables WHERE guild_id = $1 AND name = $2`, [
      guildId,
      variableName(name),
    ]);
    return result.rowCount > 0;
  }

  /** Removes session variables no run owns (set before runs were recorded); returns how many. */
  async clearUnowned(): Promise<number> {
    const result = await this.db.sql(`DELETE FROM variables WHERE scope = 'session' AND boot_id IS NULL`);
    return result.rowCount;
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
  return new LegacyUserError(
    "UnknownVariable",
    `There is no variable named \`${name.trim().toLowerCase()}\`.`,
  );
}
