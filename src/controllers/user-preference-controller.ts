import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { UserPreference } from "../entities";
import { BaseController } from "./base-controller";

export type PreferenceChanges = Partial<Pick<UserPreference, "privateReplies" | "dmOnCase">>;

/** A Discord user's own settings; a user who never set any gets the defaults, without a row. */
@injectable()
export class UserPreferenceController extends BaseController<UserPreference> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UserPreference);
  }

  async of(discordUserId: string): Promise<UserPreference> {
    return (await this.getById(discordUserId)) ?? defaults(discordUserId);
  }

  /** Sets the given preferences in one statement, leaving the others as they were. */
  async change(discordUserId: string, changes: PreferenceChanges): Promise<UserPreference> {
    const current = defaults(discordUserId);
    const { rows } = await this.db.sql<{ private_replies: boolean; dm_on_case: boolean }>(
      `INSERT INTO user_preferences (discord_user_id, private_replies, dm_on_case)
       VALUES ($1, COALESCE($2::boolean, $4::boolean), COALESCE($3::boolean, $5::boolean))
       ON CONFLICT (discord_user_id) DO UPDATE
         SET private_replies = COALESCE($2::boolean, user_preferences.private_replies),
             dm_on_case = COALESCE($3::boolean, user_preferences.dm_on_case),
             updated_at = now()
       RETURNING private_replies, dm_on_case`,
      [
        discordUserId,
        changes.privateReplies ?? null,
        changes.dmOnCase ?? null,
        current.privateReplies,
        current.dmOnCase,
      ],
    );
    const row = rows[0];
    return Object.assign(current, {
      privateReplies: row?.private_replies ?? current.privateReplies,
      dmOnCase: row?.dm_on_case ?? current.dmOnCase,
    });
  }
}

function defaults(discordUserId: string): UserPreference {
  return Object.assign(new UserPreference(), { discordUserId, privateReplies: false, dmOnCase: true });
}
