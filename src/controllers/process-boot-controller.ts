import { randomUUID } from "node:crypto";
import os from "node:os";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { DatabaseService } from "../database/database-service";
import { EntitySql } from "../database/entity-sql";
import { ProcessBoot } from "../entities";
import { MIGRATIONS } from "../migrations";
import { TOKENS } from "../tokens";
import { wardenVersion } from "../version";

type Statement = "renew" | "forgetDead" | "retire" | "live";

/** A live process as operators see it in `/about`. */
export type LiveProcess = Pick<
  ProcessBoot,
  "id" | "host" | "pid" | "startedAt" | "lastSeenAt" | "shardIds" | "version" | "schemaVersion"
>;

/** How many live processes `/about` lists (a deployment of more shows the count and the first ones). */
export const LIVE_PROCESS_LIMIT = 20;

/** The newest migration this build knows: a process whose is older than the database's is outdated. */
export const KNOWN_SCHEMA = MIGRATIONS.at(-1)?.name ?? null;

/**
 * This process run (a boot) as the database knows it: a row with a lease the run renews while it lives,
 * saying what it serves and which build it is. Every process decides who is dead from the database's clock
 * alone, so several processes (on several machines) agree without talking to each other.
 */
@service()
export class ProcessBootController {
  /** New at every start: a restart never inherits what the previous run owned. */
  readonly bootId = randomUUID();
  private readonly leaseMs: number;
  private statements: Readonly<Record<Statement, string>> | undefined;
  private boots: EntitySql<ProcessBoot> | undefined;
  /** Whether this run ever wrote its row: one that never reached the database has nothing to retire. */
  private registered = false;

  constructor(
    @inject(DatabaseService) private readonly db: DatabaseService,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.leaseMs = config.SESSION_LEASE_MS;
  }

  /** How often the lease must be renewed so it never lapses while the process is healthy. */
  get renewEveryMs(): number {
    return Math.floor(this.leaseMs / 3);
  }

  /** The statements, from the entity's metadata (read once, after the database started). */
  private get sql(): Readonly<Record<Statement, string>> {
    if (this.statements) return this.statements;
    const boots = this.entitySql;
    const c = (property: keyof ProcessBoot & string) => boots.columnName(property);
    const table = boots.table;
    this.statements = {
      renew: `INSERT INTO ${table} (${c("id")}, ${c("host")}, ${c("pid")}, ${c("leaseUntil")}, ${c("lastSeenAt")},
         ${c("shardIds")}, ${c("version")}, ${c("schemaVersion")})
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond', now(), $5::integer[], $6, $7)
       ON CONFLICT (${c("id")}) DO UPDATE SET ${c("leaseUntil")} = EXCLUDED.${c("leaseUntil")},
         ${c("lastSeenAt")} = now(), ${c("shardIds")} = COALESCE(EXCLUDED.${c("shardIds")}, ${table}.${c("shardIds")})`,
      forgetDead: `DELETE FROM ${table} WHERE ${c("leaseUntil")} < now()`,
      retire: `DELETE FROM ${table} WHERE ${c("id")} = $1`,
      live: `SELECT ${boots.selectList}, count(*) OVER () AS total FROM ${table} WHERE ${c("leaseUntil")} >= now()
       ORDER BY ${c("shardIds")} NULLS LAST, ${c("startedAt")} LIMIT $1`,
    };
    return this.statements;
  }

  private get entitySql(): EntitySql<ProcessBoot> {
    const source = this.db.dataSource;
    this.boots ??= new EntitySql<ProcessBoot>(source, source.getMetadata(ProcessBoot));
    return this.boots;
  }

  /**
   * Registers this run, or renews its lease (registering it again if another process judged it dead).
   * `shardIds` null keeps what the row says (the client may not know its shards yet).
   */
  async renew(shardIds: readonly number[] | null = null): Promise<void> {
    await this.db.sql(this.sql.renew, [
      this.bootId,
      os.hostname().slice(0, 255),
      process.pid,
      this.leaseMs,
      shardIds ? [...shardIds] : null,
      wardenVersion().slice(0, 64),
      KNOWN_SCHEMA,
    ]);
    this.registered = true;
  }

  /** Forgets the runs whose lease has expired, and with them their session variables; returns how many. */
  async forgetDead(): Promise<number> {
    const result = await this.db.sql(this.sql.forgetDead);
    return result.rowCount;
  }

  /** The processes alive now (lease not lapsed), by shard, at most LIVE_PROCESS_LIMIT, and how many in all. */
  async live(): Promise<{ processes: LiveProcess[]; total: number }> {
    const { rows } = await this.db.sql<Record<string, unknown>>(this.sql.live, [LIVE_PROCESS_LIMIT]);
    return {
      processes: rows.map((row) => this.entitySql.hydrate(row)),
      total: Number(rows[0]?.total ?? 0),
    };
  }

  /** A clean stop: this run's row goes, and its session variables with it. */
  async retire(): Promise<void> {
    if (!this.registered) return;
    await this.db.sql(this.sql.retire, [this.bootId]);
  }
}
