import { inject } from "tsyringe";
import { builtOnce } from "../database/built-once";
import { DatabaseService } from "../database/database-service";
import { Report, OPEN_STATUSES, type ReportStatus } from "../entities/report";
import { ReportEvent } from "../entities/report-event";
import { ConflictError } from "../errors/database-errors";
import { UserError } from "../errors/user-error";
import { service } from "../service";
import { BaseController } from "./base-controller";
import { CooldownController } from "./cooldown-controller";
import { ReportSettingController } from "./report-setting-controller";

/** At most this many reports per member … */
export const REPORT_LIMIT = 5;
/** … in this many seconds (each report holds one of the member's slots this long). */
export const REPORT_WINDOW_SECONDS = 600;

export interface NewReport {
  guildId: string;
  reporterId: string;
  targetId: string;
  reason: string;
  messageLink: string | null;
  messageExcerpt: string | null;
}

/** A status change, and which statuses it may start from. */
export interface Transition {
  to: ReportStatus;
  from: readonly ReportStatus[];
  actorId: string;
  note?: string | null;
  caseNumber?: number | null;
}

export type TransitionResult = { changed: true; report: Report } | { changed: false; report: Report };

export const ACKNOWLEDGE_FROM: readonly ReportStatus[] = ["open"];
export const CLOSE_FROM: readonly ReportStatus[] = OPEN_STATUSES;

/**
 * Member reports: filing (the limits hold in the database, whichever process files), status changes as
 * conditional updates (two moderators racing: one wins, the other is told who did), and their history.
 */
@service()
export class ReportController extends BaseController<Report> {
  private readonly transitionSql = builtOnce(() => {
    const c = (property: keyof Report & string) => this.sql.columnName(property);
    return `UPDATE ${this.sql.table} SET ${c("status")} = $3, ${c("handledBy")} = $4,
        ${c("closeReason")} = COALESCE($5, ${c("closeReason")}), ${c("caseNumber")} = COALESCE($6, ${c("caseNumber")})
      WHERE ${c("id")} = $1 AND ${c("guildId")} = $2 AND ${c("status")} = ANY($7::varchar[])
        AND ${c("targetId")} <> $4
      RETURNING ${this.sql.selectList}`;
  });

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(CooldownController) private readonly cooldowns: CooldownController,
    @inject(ReportSettingController) private readonly settings: ReportSettingController,
  ) {
    super(db, Report);
  }

  /**
   * Files a report: refused when the reporter is blocked, has used up their reports for now, or already
   * has an open report about this member. One transaction: a refused insert gives the rate slot back.
   */
  file(input: NewReport): Promise<Report> {
    return this.transaction(async () => {
      if (await this.settings.isBlocked(input.guildId, input.reporterId)) {
        throw new UserError("reports.blocked");
      }
      await this.takeSlot(input.guildId, input.reporterId);
      let report: Report;
      try {
        report = await this.create({ ...input, status: "open" });
      } catch (error) {
        if (error instanceof ConflictError && error.constraint === "uq_reports_open_pair") {
          throw new UserError("reports.already_open");
        }
        throw error;
      }
      await this.record(report.id, input.reporterId, "open", null);
      return report;
    });
  }

  /** One of the member's REPORT_LIMIT slots, each held REPORT_WINDOW_SECONDS (the cooldowns' atomic take). */
  private async takeSlot(guildId: string, userId: string): Promise<void> {
    let retryAt: Date | null = null;
    for (let slot = 1; slot <= REPORT_LIMIT; slot += 1) {
      const take = await this.cooldowns.take(guildId, userId, `report:${slot}`, REPORT_WINDOW_SECONDS);
      if (take.taken) return;
      if (!retryAt || take.retryAt < retryAt) retryAt = take.retryAt;
    }
    const at = Math.ceil((retryAt ?? new Date()).getTime() / 1000);
    throw new UserError("reports.rate_limited", { limit: REPORT_LIMIT, retry: `<t:${at}:R>` });
  }

  /**
   * Moves the report to `to` only if it is still in one of `from` (a conditional UPDATE: of two moderators
   * racing, one changes it), and records the change in its history.
   */
  transition(guildId: string, reportId: number, change: Transition): Promise<TransitionResult> {
    return this.atomically(async () => {
      const { rows } = await this.db.sql<Record<string, unknown>>(this.transitionSql(), [
        reportId,
        guildId,
        change.to,
        change.actorId,
        change.note ?? null,
        change.caseNumber ?? null,
        change.from,
      ]);
      if (rows[0]) {
        const report = this.sql.hydrate(rows[0]);
        await this.record(reportId, change.actorId, change.to, change.note ?? null);
        return { changed: true, report };
      }
      const report = await this.ofGuild(guildId, reportId);
      // Filed before its target became a moderator: /report sends such reports to the owner, and the
      // target never decides one about themselves.
      if (report.targetId === change.actorId) throw new UserError("reports.about_you");
      return { changed: false, report };
    });
  }

  /**
   * Case `caseNumber` was voided (Discord never carried its action out): the report actioned with it is
   * back where it was before (open or acknowledged), with a history entry, in the caller's transaction.
   * When the reporter has since filed another open report about the member, that one carries the matter:
   * this one is dismissed (the one-open rule holds) and its history says why.
   */
  async caseVoided(guildId: string, caseNumber: number, actorId: string, note: string): Promise<void> {
    const c = (property: keyof Report & string) => this.sql.columnName(property);
    const events = this.sqlOf(ReportEvent);
    const e = (property: keyof ReportEvent & string) => events.columnName(property);
    await this.db.sql(
      `WITH reopened AS (
         UPDATE ${this.sql.table} r SET ${c("caseNumber")} = NULL, ${c("status")} = CASE
             WHEN EXISTS (SELECT 1 FROM ${this.sql.table} o
                           WHERE o.${c("guildId")} = r.${c("guildId")} AND o.${c("reporterId")} = r.${c("reporterId")}
                             AND o.${c("targetId")} = r.${c("targetId")} AND o.${c("status")} IN ('open', 'acknowledged'))
               THEN 'dismissed'
             ELSE COALESCE((SELECT ev.${e("status")} FROM ${events.table} ev
                             WHERE ev.${e("reportId")} = r.${c("id")} AND ev.${e("status")} IN ('open', 'acknowledged')
                             ORDER BY ev.${e("id")} DESC LIMIT 1), 'open') END
          WHERE r.${c("guildId")} = $1 AND r.${c("caseNumber")} = $2 AND r.${c("status")} = 'actioned'
          RETURNING r.${c("id")} AS id, r.${c("status")} AS status)
       INSERT INTO ${events.table} (${e("reportId")}, ${e("actorId")}, ${e("status")}, ${e("note")})
       SELECT id, $3, status, $4 FROM reopened`,
      [guildId, caseNumber, actorId, note],
    );
  }

  /** The report, only when it belongs to this guild. */
  async ofGuild(guildId: string, reportId: number): Promise<Report> {
    const report = await this.findOne({ where: { guildId, id: reportId } });
    if (!report) throw new UserError("reports.not_found", { id: reportId });
    return report;
  }

  async setPost(reportId: number, channelId: string, messageId: string): Promise<void> {
    await this.updateById(reportId, { postChannelId: channelId, postMessageId: messageId });
  }

  async history(reportId: number): Promise<ReportEvent[]> {
    const events = this.sqlOf(ReportEvent);
    const { rows } = await this.db.sql<Record<string, unknown>>(
      `SELECT ${events.selectList} FROM ${events.table} WHERE ${events.columnName("reportId")} = $1
       ORDER BY ${events.columnName("id")}`,
      [reportId],
    );
    return rows.map((row) => events.hydrate(row));
  }

  /** Up to `limit` reports with an id below `before` (all when null), newest first. */
  async page(
    guildId: string,
    status: ReportStatus | null,
    before: number | null,
    limit: number,
  ): Promise<Report[]> {
    const c = (property: keyof Report & string) => this.sql.columnName(property);
    const { rows } = await this.db.readFromReplica(() =>
      this.db.sql<Record<string, unknown>>(
        `SELECT ${this.sql.selectList} FROM ${this.sql.table}
         WHERE ${c("guildId")} = $1 AND ($2::varchar IS NULL OR ${c("status")} = $2::varchar)
           AND ($3::integer IS NULL OR ${c("id")} < $3::integer)
         ORDER BY ${c("id")} DESC LIMIT $4`,
        [guildId, status, before, limit],
      ),
    );
    return rows.map((row) => this.sql.hydrate(row));
  }

  /** Where the page before the one starting at `firstId` starts (null: at the newest), or undefined when none. */
  async previousBefore(
    guildId: string,
    status: ReportStatus | null,
    firstId: number,
    limit: number,
  ): Promise<number | null | undefined> {
    const c = (property: keyof Report & string) => this.sql.columnName(property);
    const { rows } = await this.db.sql<{ id: number }>(
      `SELECT ${c("id")} AS id FROM ${this.sql.table}
       WHERE ${c("guildId")} = $1 AND ($2::varchar IS NULL OR ${c("status")} = $2::varchar) AND ${c("id")} > $3
       ORDER BY ${c("id")} ASC LIMIT $4`,
      [guildId, status, firstId, limit + 1],
    );
    if (rows.length === 0) return undefined;
    if (rows.length <= limit) return null;
    return Number(rows[limit - 1]!.id) + 1;
  }

  private async record(reportId: number, actorId: string, status: ReportStatus, note: string | null) {
    const events = this.sqlOf(ReportEvent);
    await this.db.sql(
      `INSERT INTO ${events.table} (${events.columnName("reportId")}, ${events.columnName("actorId")},
         ${events.columnName("status")}, ${events.columnName("note")}) VALUES ($1, $2, $3, $4)`,
      [reportId, actorId, status, note],
    );
  }
}
