import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { UserIdentity } from "../entities";
import { BaseController } from "./base-controller";

/** Platform accounts; used through UserController, which owns the user aggregate's rules. */
@service()
export class UserIdentityController extends BaseController<UserIdentity> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UserIdentity);
  }

  find(platform: string, platformUserId: string): Promise<UserIdentity | null> {
    return this.findOne({ where: { platform, platformUserId }, relations: { user: true } });
  }

  /** Every account of the user behind this Discord account (none when it is not linked), in one statement. */
  async ofDiscordAccount(discordId: string): Promise<UserIdentity[]> {
    const column = (property: keyof UserIdentity & string): string => this.sql.columnName(property);
    const { rows } = await this.db.sql<Record<string, unknown>>(
      `SELECT ${this.sql.selectList} FROM ${this.sql.table}
        WHERE ${column("userId")} = (SELECT ${column("userId")} FROM ${this.sql.table}
                                      WHERE ${column("platform")} = 'discord' AND ${column("platformUserId")} = $1)
        ORDER BY ${column("isPrimary")} DESC, ${column("linkedAt")} ASC`,
      [discordId],
    );
    return rows.map((row) => this.sql.hydrate(row));
  }
}
