import { randomUUID } from "node:crypto";
import os from "node:os";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import { DatabaseService } from "../database/database-service";
import { EntitySql } from "../database/entity-sql";
import { ProcessBoot } from "../entities";
import { TOKENS } from "../tokens";

/**
 * This process run (a boot) as the database knows it: a row with a lease the run renews while it lives.
 * Every process decides who is dead from the database's clock alone, so several processes (on several
 * machines) agree without talking to each other.
 */
@service()
export class ProcessBootController {
  /** New at every start: a restart never inherits what the previous run owned. */
  readonly bootId = randomUUID();
  private readonly leaseMs: number;
  private statements: Readonly<Record<"renew" | "forgetDead" | "retire", string>> | undefined;
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
  private get sql(): Readonly<Record<"renew" | "forgetDead" | "retire", string>> {
    if (this.statements) return this.statements;
    const source = this.db.dataSource;
    const boots = new EntitySql<ProcessBoot>(source, source.getMetadata(ProcessBoot));
    const [table, id, leaseUntil] = [boots.table, boots.columnName("id"), boots.columnName("leaseUntil")];
    const [host, pid] = [boots.columnName("host"), boots.columnName("pid")];
    this.statements = {
      renew: `INSERT INTO ${table} (${id}, ${host}, ${pid}, ${leaseUntil})
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (${id}) DO UPDATE SET ${leaseUntil} = EXCLUDED.${leaseUntil}`,
      forgetDead: `DELETE FROM ${table} WHERE ${leaseUntil} < now()`,
      retire: `DELETE FROM ${table} WHERE ${id} = $1`,
    };
    return this.statements;
  }

  /** Registers this run, or renews its lease (registering it again if another process judged it dead). */
  async renew(): Promise<void> {
    await this.db.sql(this.sql.renew, [this.bootId, os.hostname().slice(0, 255), process.pid, this.leaseMs]);
    this.registered = true;
  }

  /** Forgets the runs whose lease has expired, and with them their session variables; returns how many. */
  async forgetDead(): Promise<number> {
    const result = await this.db.sql(this.sql.forgetDead);
    return result.rowCount;
  }

  /** A clean stop: this run's row goes, and its session variables with it. */
  async retire(): Promise<void> {
    if (!this.registered) return;
    await this.db.sql(this.sql.retire, [this.bootId]);
  }
}
