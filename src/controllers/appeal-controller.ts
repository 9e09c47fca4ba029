import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { Appeal, type AppealStatus } from "../entities/appeal";
import { AppealEvent, type AppealEventKind } from "../entities/appeal-event";
import { Case, CaseType } from "../entities";
import { UserError } from "../errors/user-error";
import { BaseController } from "./base-controller";
import type { RecordAlongside } from "./repeat-guard";

/** How long the process posting an appeal holds it before another may try. */
export const POST_LEASE_MS = 60_000;
/** The first retry of a failed post comes this long after it, then twice as long each time … */
export const POST_RETRY_BASE_MS = 5_000;
/** … up to this. */
const POST_RETRY_MAX_MS = 30 * 60_000;

export interface AppealSummary {
  id: number;
  guildId: string;
  status: AppealStatus;
  banNumber: number;
}

export interface NewAppeal {
  guildId: string;
  banCaseId: number;
  userId: string;
  text: string;
}

/**
 * Ban appeals: one per ban (a unique constraint, so two submissions at once store one), decided once (a
 * conditional update, so two moderators at once end with one winner), each step kept in `appeal_events`.
 * Nothing a custom id carries is trusted: the ban, its target and its state are read here every time.
 */
@service()
export class AppealController extends BaseController<Appeal> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Appeal);
  }

  private get cases(): string {
    return this.sqlOf(Case).table;
  }

  /**
   * The ban `banCaseId` of the guild, if `userId` may appeal it now: it is theirs, a ban, still in force,
   * their latest ban there (not one a re-ban replaced), and `delaySeconds` have passed since it. Refusals are UserErrors the member reads.
   */
  async appealableBan(
    guildId: string,
    banCaseId: number,
    userId: string,
    delaySeconds: number,
  ): Promise<{ number: number }> {
    const unbanAfter = (ban: string) =>
      `EXISTS (SELECT 1 FROM ${this.cases} u WHERE u.guild_id = ${ban}.guild_id AND u.target_id = ${ban}.target_id
                 AND u.type = 'unban' AND NOT u.voided AND u.number > ${ban}.number)`;
    const found = await this.db.sql<{
      number: number;
      type: CaseType;
      target_id: string;
      voided: boolean;
      processed: boolean;
      lifted: boolean;
      current: number | null;
      current_lifted: boolean | null;
      opens_at: Date;
      early: boolean;
    }>(
      `SELECT c.number, c.type, c.target_id, c.voided, c.processed, ${unbanAfter("c")} AS lifted,
              l.number AS current, l.processed OR ${unbanAfter("l")} AS current_lifted,
              c.created_at + $3 * interval '1 second' AS opens_at,
              c.created_at + $3 * interval '1 second' > now() AS early
         FROM ${this.cases} c
         LEFT JOIN LATERAL (SELECT b.guild_id, b.target_id, b.number, b.processed FROM ${this.cases} b
                             WHERE b.guild_id = c.guild_id AND b.target_id = c.target_id AND b.type = 'ban'
                               AND NOT b.voided ORDER BY b.number DESC LIMIT 1) l ON true
        WHERE c.guild_id = $1 AND c.id = $2`,
      [guildId, banCaseId, delaySeconds],
    );
    const ban = found.rows[0];
    if (!ban || ban.target_id !== userId) throw new UserError("appeals.not_yours");
    if (ban.type !== CaseType.Ban || ban.voided)
      throw new UserError("appeals.not_a_ban", { number: ban.number });
    // A later ban still in force is the one to appeal; one lifted since leaves nothing to appeal.
    if (ban.current !== null && ban.current > ban.number && ban.current_lifted === false)
      throw new UserError("appeals.not_current", { number: ban.number, current: ban.current });
    if (ban.lifted || ban.processed) throw new UserError("appeals.lifted", { number: ban.number });
    if (ban.early) {
      const unix = Math.ceil(ban.opens_at.getTime() / 1000);
      throw new UserError("appeals.too_early", { time: `<t:${unix}:f>` });
    }
    const appealed = await this.findOne({ where: { guildId, banCaseId } });
    if (appealed) throw new UserError("appeals.already_appealed", { number: ban.number });
    return { number: ban.number };
  }

  /**
   * Stores the appeal, or refuses "already appealed" when this ban has one (even one stored just now). It
   * is due to be posted once POST_LEASE_MS have passed: the submitting process posts it now, and should it
   * die first, the retry job (any process) takes it over then.
   */
  async submit(input: NewAppeal, banNumber: number): Promise<Appeal> {
    return this.transaction(async () => {
      const inserted = await this.db.sql<{ id: number }>(
        `INSERT INTO ${this.sql.table} (guild_id, ban_case_id, user_id, text, post_due_at)
         VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
         ON CONFLICT (ban_case_id) DO NOTHING RETURNING id`,
        [input.guildId, input.banCaseId, input.userId, input.text, POST_LEASE_MS],
      );
      const id = inserted.rows[0]?.id;
      if (id === undefined) throw new UserError("appeals.already_appealed", { number: banNumber });
      await this.event(id, "submitted", input.userId, null);
      return this.getByIdOrFail(id);
    });
  }

  /** Where the appeal was posted, for editing the post with the outcome; nothing is left to retry. */
  async posted(appealId: number, channelId: string, messageId: string): Promise<void> {
    await this.updateById(appealId, { channelId, messageId, postDueAt: null, postAttempts: 0 });
  }

  /** Posting failed in a way that may pass: tried again after a back-off that doubles each time. */
  async postFailed(appealId: number): Promise<Date | null> {
    const result = await this.db.sql<{ due: Date }>(
      `UPDATE ${this.sql.table}
          SET post_due_at = now() + least($2 * power(2, post_attempts), $3) * interval '1 millisecond',
              post_attempts = post_attempts + 1
        WHERE id = $1 AND message_id IS NULL RETURNING post_due_at AS due`,
      [appealId, POST_RETRY_BASE_MS, POST_RETRY_MAX_MS],
    );
    return result.rows[0]?.due ?? null;
  }

  /** No channel to post to (deleted, or appeals turned off): it waits for `/appeals channel`. */
  async waitForChannel(appealId: number): Promise<void> {
    await this.db.sql(
      `UPDATE ${this.sql.table} SET post_due_at = NULL, post_attempts = 0 WHERE id = $1 AND message_id IS NULL`,
      [appealId],
    );
  }

  /** A new appeals channel: the guild's open appeals that waited for one are due now. */
  async channelChanged(guildId: string): Promise<number> {
    const result = await this.db.sql(
      `UPDATE ${this.sql.table} SET post_due_at = now(), post_attempts = 0
        WHERE guild_id = $1 AND status = 'open' AND message_id IS NULL AND post_due_at IS NULL`,
      [guildId],
    );
    return result.rowCount;
  }

  /**
   * Claims up to `limit` open appeals of these guilds that are due to be posted, each for POST_LEASE_MS
   * (`FOR UPDATE SKIP LOCKED`: two processes never claim one; one that dies mid-post leaves it to the next).
   */
  async claimDuePosts(guildIds: readonly string[], limit: number): Promise<Appeal[]> {
    if (guildIds.length === 0) return [];
    const result = await this.db.sql<Record<string, unknown>>(
      `UPDATE ${this.sql.table} SET post_due_at = now() + $3 * interval '1 millisecond'
        WHERE id IN (SELECT id FROM ${this.sql.table}
                      WHERE post_due_at <= now() AND guild_id = ANY($1::bigint[]) AND status = 'open'
                        AND message_id IS NULL
                      ORDER BY post_due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING ${this.sql.selectList}`,
      [guildIds, limit, POST_LEASE_MS],
    );
    return result.rows.map((row) => this.sql.hydrate(row));
  }

  /** Up to `limit` of the guild's appeals in this status with an id below `before` (all when null), newest first. */
  async page(guildId: string, status: AppealStatus, before: number | null, limit: number): Promise<Appeal[]> {
    const c = (property: keyof Appeal & string) => this.sql.columnName(property);
    const { rows } = await this.db.readFromReplica(() =>
      this.db.sql<Record<string, unknown>>(
        `SELECT ${this.sql.selectList} FROM ${this.sql.table}
         WHERE ${c("guildId")} = $1 AND ${c("status")} = $2 AND ($3::integer IS NULL OR ${c("id")} < $3::integer)
         ORDER BY ${c("id")} DESC LIMIT $4`,
        [guildId, status, before, limit],
      ),
    );
    return rows.map((row) => this.sql.hydrate(row));
  }

  /** The guild's appeal `id`; an appeal of another guild is as unknown as none. */
  async inGuild(guildId: string, id: number): Promise<Appeal> {
    const appeal = await this.findOne({ where: { guildId, id } });
    if (!appeal) throw new UserError("common.no_longer_works");
    return appeal;
  }

  /** The guild's appeal `id`, for its dashboard page; another guild's is "not found" like none. */
  async ofGuild(guildId: string, id: number): Promise<Appeal> {
    const appeal = await this.findOne({ where: { guildId, id } });
    if (!appeal) throw new UserError("appeals.not_found", { id });
    return appeal;
  }

  /**
   * Accepting, as the unban's checks and records: refused before the case when the appeal is decided;
   * marked accepted (conditionally: one winner) in the transaction that records the Unban case.
   */
  acceptAlongside(appeal: Appeal, moderatorId: string): RecordAlongside {
    return {
      check: async () => {
        await this.lockAppeal(appeal.id);
        const current = await this.inGuild(appeal.guildId, appeal.id);
        if (current.status !== "open") throw decided(current.status);
      },
      record: async (kase) => {
        await this.decide(appeal.id, "accepted", moderatorId, null, kase.id);
      },
    };
  }

  /**
   * The Unban `unbanCaseId` was voided (Discord never carried it out): the appeal it accepted is open again,
   * with a history entry, in the caller's transaction.
   */
  async unbanVoided(unbanCaseId: number, actorId: string, note: string): Promise<void> {
    await this.db.sql(
      `WITH reopened AS (
         UPDATE ${this.sql.table} SET status = 'open', decided_by = NULL, decided_at = NULL, unban_case_id = NULL
          WHERE unban_case_id = $1 AND status = 'accepted' RETURNING id)
       INSERT INTO ${this.sqlOf(AppealEvent).table} (appeal_id, kind, actor_id, note)
       SELECT id, 'reopened', $2, $3 FROM reopened`,
      [unbanCaseId, actorId, note],
    );
  }

  async reject(guildId: string, appealId: number, moderatorId: string, reason: string): Promise<Appeal> {
    await this.inGuild(guildId, appealId);
    return this.transaction(() => this.decide(appealId, "rejected", moderatorId, reason, null));
  }

  /** The user's appeals in every guild, newest first, with their ban's case number. */
  async ofUser(userId: string, limit: number): Promise<AppealSummary[]> {
    const result = await this.db.sql<{ id: number; guild_id: string; status: AppealStatus; number: number }>(
      `SELECT a.id, a.guild_id, a.status, c.number FROM ${this.sql.table} a JOIN ${this.cases} c ON c.id = a.ban_case_id
        WHERE a.user_id = $1 ORDER BY a.id DESC LIMIT $2`,
      [userId, limit],
    );
    return result.rows.map((row) => ({
      id: row.id,
      guildId: row.guild_id,
      status: row.status,
      banNumber: row.number,
    }));
  }

  /** The appeal's steps, oldest first. */
  async history(appealId: number): Promise<AppealEvent[]> {
    const events = this.sqlOf(AppealEvent);
    const { rows } = await this.db.sql<Record<string, unknown>>(
      `SELECT ${events.selectList} FROM ${events.table} WHERE ${events.columnName("appealId")} = $1
       ORDER BY ${events.columnName("id")}`,
      [appealId],
    );
    return rows.map((row) => events.hydrate(row));
  }

  private async decide(
    id: number,
    status: Exclude<AppealStatus, "open">,
    moderatorId: string,
    reason: string | null,
    unbanCaseId: number | null,
  ): Promise<Appeal> {
    const updated = await this.db.sql<{ id: number }>(
      `UPDATE ${this.sql.table} SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4,
              unban_case_id = $5
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, status, moderatorId, reason, unbanCaseId],
    );
    if (updated.rowCount === 0) {
      const current = await this.getByIdOrFail(id);
      throw decided(current.status);
    }
    await this.event(id, status, moderatorId, reason);
    return this.getByIdOrFail(id);
  }

  private async lockAppeal(id: number): Promise<void> {
    await this.db.sql(`SELECT id FROM ${this.sql.table} WHERE id = $1 FOR UPDATE`, [id]);
  }

  private async event(
    appealId: number,
    kind: AppealEventKind,
    actorId: string,
    note: string | null,
  ): Promise<void> {
    await this.db.sql(
      `INSERT INTO ${this.sqlOf(AppealEvent).table} (appeal_id, kind, actor_id, note) VALUES ($1, $2, $3, $4)`,
      [appealId, kind, actorId, note],
    );
  }
}

function decided(status: AppealStatus): UserError {
  return new UserError("appeals.already_decided", { status });
}
