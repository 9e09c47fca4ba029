import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { builtOnce } from "../database/built-once";
import { DatabaseService } from "../database/database-service";
import { Raid, type RaidChannelsOutcome } from "../entities/raid";
import {
  DEFAULT_RAID_MAX_SECONDS,
  DEFAULT_RAID_TIMEOUT_SECONDS,
  RaidSettings,
  type RaidAction,
} from "../entities/raid-settings";
import { service } from "../service";
import { BaseController } from "./base-controller";
import { CLAIM_LEASE_SECONDS } from "./case-claims";

/** A raid whose Discord work (locking at its start, unlocking at its end) this process holds for a while. */
export interface RaidClaim {
  readonly raid: Raid;
  readonly token: string;
}

export interface NewRaid {
  guildId: string;
  /** null: the detector. */
  startedBy: string | null;
  /**
   * The detector's earliest counted join: no raid starts if one of the guild's raids ended at or after it
   * (those joins were the raid a moderator or the quiet period just ended). null for a command.
   */
  joinsSince?: Date | null;
  reason: string | null;
  action: RaidAction;
  quietSeconds: number | null;
  /** Unset: the defaults (a day; six hours). */
  timeoutSeconds?: number;
  maxSeconds?: number;
}

export type RaidAlert = "start" | "end";

const T = "raids";
const LEASE = `claim_token = $TOKEN, claimed_until = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})`;
const FREE = "(claimed_until IS NULL OR claimed_until < now())";
const UNCLAIMED = "claim_token = NULL, claimed_until = NULL";
/** Quiet for its quiet period, or on for its longest: it ends by itself. */
const DUE = `ended_at IS NULL AND (
  (quiet_seconds IS NOT NULL AND last_surge_at + make_interval(secs => quiet_seconds) < now())
  OR started_at + make_interval(secs => max_seconds) < now())`;
/** Its start's (end's) outcome is recorded, its alert not yet taken by any process. */
const ALERT_DUE = `((start_outcome IS NOT NULL AND start_alerted_at IS NULL)
  OR (end_outcome IS NOT NULL AND end_alerted_at IS NULL))`;

/**
 * Raids: at most one active per guild (the partial unique index), so a detector and a command, or two
 * processes, racing to start one make one; only the winner gets the claim to lock channels and alert. An
 * end is one UPDATE of the active row: it happens once however many try. No Discord call happens in here.
 */
@service()
export class RaidController extends BaseController<Raid> {
  private readonly statements = builtOnce(() => ({
    start: `INSERT INTO ${T} (guild_id, started_by, reason, action, quiet_seconds, timeout_seconds, max_seconds,
        claim_token, claimed_until)
      SELECT $1, $2, $3, $4, $5, $7, $8, $9, now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
      WHERE $6::timestamptz IS NULL
        OR NOT EXISTS (SELECT 1 FROM ${T} WHERE guild_id = $1 AND ended_at >= $6::timestamptz)
      ON CONFLICT (guild_id) WHERE ended_at IS NULL DO NOTHING RETURNING ${this.sql.selectList}`,
    end: `UPDATE ${T} SET ended_at = now(), ended_by = $2, ${LEASE.replace("$TOKEN", "$3")}
      WHERE guild_id = $1 AND ended_at IS NULL RETURNING ${this.sql.selectList}`,
    quietDue: `SELECT id FROM ${T} WHERE guild_id = ANY($1::bigint[]) AND ${DUE}`,
    endQuiet: `UPDATE ${T} SET ended_at = now(), ${LEASE.replace("$TOKEN", "$2")}
      WHERE id = $1 AND ${DUE} RETURNING ${this.sql.selectList}`,
    alertsDue: `SELECT ${this.sql.selectList} FROM ${T}
      WHERE guild_id = ANY($1::bigint[]) AND ${ALERT_DUE} ORDER BY id LIMIT 25`,
    unfinished: `WITH due AS (SELECT id FROM ${T}
        WHERE guild_id = ANY($1::bigint[]) AND ${FREE}
          AND ((ended_at IS NULL AND locked_at IS NULL) OR (ended_at IS NOT NULL AND unlocked_at IS NULL))
        ORDER BY id LIMIT 25 FOR UPDATE SKIP LOCKED)
      UPDATE ${T} SET ${LEASE.replace("$TOKEN", "$2")} WHERE id IN (SELECT id FROM due)
      RETURNING ${this.sql.selectList}`,
    locked: `UPDATE ${T} SET locked_at = now(), start_outcome = $3::jsonb, ${UNCLAIMED}
      WHERE id = $1 AND claim_token = $2 AND ended_at IS NULL`,
    startOutcome: `UPDATE ${T} SET start_outcome = $2::jsonb WHERE id = $1 AND start_outcome IS NULL`,
    unlocked: `UPDATE ${T} SET unlocked_at = now(), end_outcome = $3::jsonb, ${UNCLAIMED}
      WHERE id = $1 AND claim_token = $2 RETURNING ${this.sql.selectList}`,
  }));

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Raid);
  }

  /**
   * What a join needs to be decided, in one statement: the guild's detection settings (null: off) and its
   * active raid (null: none).
   */
  async joinState(guildId: string): Promise<{ settings: RaidSettings | null; raid: Raid | null }> {
    const settingsSql = this.sqlOf(RaidSettings);
    const found = await this.db.sql<Record<string, unknown> & { settings: Record<string, unknown> | null }>(
      `SELECT r.*, row_to_json(s) AS settings FROM (SELECT $1::bigint AS guild_id) g
         LEFT JOIN ${settingsSql.table} s ON s.guild_id = g.guild_id
         LEFT JOIN ${T} r ON r.guild_id = g.guild_id AND r.ended_at IS NULL`,
      [guildId],
    );
    const row = found.rows[0];
    return {
      settings: row?.settings ? settingsSql.hydrate(row.settings) : null,
      raid: row && row.id !== null ? this.sql.hydrate(row) : null,
    };
  }

  async active(guildId: string): Promise<Raid | null> {
    const found = await this.db.sql<Record<string, unknown>>(
      `SELECT ${this.sql.selectList} FROM ${T} WHERE guild_id = $1 AND ended_at IS NULL`,
      [guildId],
    );
    const row = found.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /** A new active raid, claimed for its start; null when the guild already has one. */
  async start(input: NewRaid): Promise<RaidClaim | null> {
    this.validate({ ...input, quietSeconds: input.quietSeconds ?? undefined }, true);
    const { guildId, startedBy, reason, action, quietSeconds } = input;
    const claims = await this.claim(this.statements().start, [
      guildId,
      startedBy,
      reason,
      action,
      quietSeconds,
      input.joinsSince ?? null,
      input.timeoutSeconds ?? DEFAULT_RAID_TIMEOUT_SECONDS,
      input.maxSeconds ?? DEFAULT_RAID_MAX_SECONDS,
    ]);
    return claims[0] ?? null;
  }

  /** Ends the guild's active raid, claimed for its end; null when none is on. */
  async end(guildId: string, endedBy: string | null): Promise<RaidClaim | null> {
    return (await this.claim(this.statements().end, [guildId, endedBy]))[0] ?? null;
  }

  /** The raids whose quiet period (or longest duration) has passed: each is ended on its own (`endQuiet`). */
  async quietDue(guildIds: readonly string[]): Promise<number[]> {
    if (guildIds.length === 0) return [];
    const due = await this.db.sql<{ id: number }>(this.statements().quietDue, [guildIds]);
    return due.rows.map((row) => row.id);
  }

  /** Ends a raid still due, claimed for its end; null when it ended or surged meanwhile. */
  async endQuiet(raidId: number): Promise<RaidClaim | null> {
    return (await this.claim(this.statements().endQuiet, [raidId]))[0] ?? null;
  }

  /** Raids whose start or end work a process left unfinished (it died, or its lease ran out). */
  unfinished(guildIds: readonly string[]): Promise<RaidClaim[]> {
    if (guildIds.length === 0) return Promise.resolve([]);
    return this.claim(this.statements().unfinished, [guildIds]);
  }

  /** A burst over the threshold now: the quiet period counts from here. */
  async surge(raidId: number): Promise<void> {
    await this.db.sql(`UPDATE ${T} SET last_surge_at = now() WHERE id = $1 AND ended_at IS NULL`, [raidId]);
  }

  async counted(raidId: number, outcome: "acted" | "skipped"): Promise<void> {
    const column = outcome === "acted" ? "acted_on" : "skipped";
    await this.db.sql(`UPDATE ${T} SET ${column} = ${column} + 1 WHERE id = $1`, [raidId]);
  }

  /**
   * The start's work is done, and its alert due (one statement); false when the raid ended meanwhile (its
   * channels must be unlocked again): its start alert is recorded all the same, once.
   */
  async markLocked(claim: RaidClaim, outcome: RaidChannelsOutcome): Promise<boolean> {
    const json = JSON.stringify(outcome);
    const done = await this.db.sql(this.statements().locked, [claim.raid.id, claim.token, json]);
    if ((done.rowCount ?? 0) > 0) return true;
    await this.db.sql(this.statements().startOutcome, [claim.raid.id, json]);
    return false;
  }

  /**
   * The end's work is done and its alert due (one statement): the raid as it finished (its counts), or
   * null when the claim was lost.
   */
  async markUnlocked(claim: RaidClaim, outcome: RaidChannelsOutcome): Promise<Raid | null> {
    const done = await this.db.sql<Record<string, unknown>>(this.statements().unlocked, [
      claim.raid.id,
      claim.token,
      JSON.stringify(outcome),
    ]);
    const row = done.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  /** Raids with an alert recorded but not yet taken (its process failed after recording it, or died). */
  async alertsDue(guildIds: readonly string[]): Promise<Raid[]> {
    if (guildIds.length === 0) return [];
    const due = await this.db.sql<Record<string, unknown>>(this.statements().alertsDue, [guildIds]);
    return due.rows.map((row) => this.sql.hydrate(row));
  }

  /**
   * Takes the raid's start (end) alert for posting: the raid as it is, or null when it is not due or another
   * process took it. Taken before it is posted, so it is posted at most once; recorded in the statement that
   * recorded the work, so it is not lost to a failed statement. An end alert waits for a recorded start
   * alert to go first (a raid from before alerts were recorded has none to wait for).
   */
  async takeAlert(raidId: number, alert: RaidAlert): Promise<Raid | null> {
    const [outcome, alerted] =
      alert === "start" ? ["start_outcome", "start_alerted_at"] : ["end_outcome", "end_alerted_at"];
    const taken = await this.db.sql<Record<string, unknown>>(
      `UPDATE ${T} SET ${alerted} = now() WHERE id = $1 AND ${outcome} IS NOT NULL AND ${alerted} IS NULL
       ${alert === "end" ? "AND (start_outcome IS NULL OR start_alerted_at IS NOT NULL)" : ""} RETURNING ${this.sql.selectList}`,
      [raidId],
    );
    const row = taken.rows[0];
    return row ? this.sql.hydrate(row) : null;
  }

  private async claim(statement: string, params: unknown[]): Promise<RaidClaim[]> {
    if (this.db.inTransaction) throw new Error("claims commit at once: call them outside a transaction");
    const token = randomUUID();
    const result = await this.db.sql<Record<string, unknown>>(statement, [...params, token]);
    return result.rows.map((row) => ({ raid: this.sql.hydrate(row), token }));
  }
}
