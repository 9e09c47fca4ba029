import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { builtOnce } from "../database/built-once";
import { Case, type CaseType } from "../entities";
import { BaseController } from "./base-controller";

/** Cases (not deleted) of one type made in one UTC week, the week named by its Monday `YYYY-MM-DD`. */
export interface WeeklyCaseCount {
  week: string;
  type: CaseType;
  cases: number;
}

/** Case counts for the dashboard's statistics, aggregated in SQL over one guild's period (never rows). */
@service()
export class CaseStatistics extends BaseController<Case> {
  private readonly weekly = builtOnce(() => {
    const c = (property: keyof Case & string): string => this.sql.columnName(property);
    const week = `date_trunc('week', ${c("createdAt")} AT TIME ZONE 'UTC')`;
    // Grouped by the week's timestamp and named only per group: to_char on each of a busy guild's 100,000
    // rows, and the sort grouping by text needs, took half the page's time.
    return `SELECT to_char(week, 'YYYY-MM-DD') AS week, type, cases FROM (
              SELECT ${week} AS week, ${c("type")} AS type, count(*) AS cases
                FROM ${this.sql.table}
               WHERE ${c("guildId")} = $1 AND ${c("createdAt")} >= $2::timestamptz AND NOT ${c("voided")}
               GROUP BY 1, 2) weekly
             ORDER BY 1, 2`;
  });

  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, Case);
  }

  /** The guild's cases per week and type since `since` (a Monday, UTC midnight), oldest week first. */
  async weeklyByType(guildId: string, since: Date): Promise<WeeklyCaseCount[]> {
    const result = await this.db.readFromReplica(() =>
      this.db.sql<{ week: string; type: CaseType; cases: string }>(this.weekly(), [
        guildId,
        since.toISOString(),
      ]),
    );
    return result.rows.map((row) => ({ ...row, cases: Number(row.cases) }));
  }
}
