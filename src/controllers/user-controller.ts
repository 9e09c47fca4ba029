import { builtOnce } from "../database/built-once";
import { inject } from "tsyringe";
import { service } from "../service";
import { UserError } from "../errors/user-error";
import { DatabaseService } from "../database/database-service";
import { ConflictError, NotFoundError } from "../errors/database-errors";
import { User, UserIdentity } from "../entities";
import { BaseController } from "./base-controller";
import type { Sighting } from "./sightings";
import { UserIdentityController } from "./user-identity-controller";

export interface PlatformAccount {
  platform: string;
  platformUserId: string;
  platformUsername: string;
  displayName?: string | null;
}

export interface UserStats {
  users: number;
  seenLastDay: number;
  identitiesByPlatform: Record<string, number>;
}

class LostCreationRace extends Error {}

const DISCORD = "discord";

/** People across platforms: a user and the platform identities linked to them. */
@service()
export class UserController extends BaseController<User> {
  private readonly markSeenSql = builtOnce(() => this.markSeenStatement());

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(UserIdentityController) private readonly identityController: UserIdentityController,
  ) {
    super(db, User);
  }

  /**
   * The user behind a platform account, created (with that account as primary identity) on first sight.
   * Concurrent first sightings create one user: the losers' inserts roll back and they read the winner's.
   */
  async getOrCreateByPlatform(
    account: PlatformAccount,
  ): Promise<{ user: User; identity: UserIdentity; created: boolean }> {
    const existing = await this.identityController.find(account.platform, account.platformUserId);
    if (existing?.user) return { user: existing.user, identity: withoutUser(existing), created: false };
    try {
      return await this.transaction(async () => {
        const user = await this.create({
          username: account.platformUsername,
          displayName: account.displayName ?? null,
        });
        const { entity: identity, created } = await this.identityController.getOrCreate(
          { platform: account.platform, platformUserId: account.platformUserId },
          { userId: user.id, platformUsername: account.platformUsername, isPrimary: true },
        );
        if (!created) throw new LostCreationRace();
        return { user, identity, created: true };
      });
    } catch (error) {
      if (!(error instanceof LostCreationRace)) throw error;
      const winner = await this.identityController.find(account.platform, account.platformUserId);
      if (!winner?.user) throw new Error("identity vanished after a concurrent creation", { cause: error });
      return { user: winner.user, identity: withoutUser(winner), created: false };
    }
  }

  /** Links another platform account to a user. An account already linked to someone else is a conflict. */
  async linkIdentity(
    userId: number,
    account: PlatformAccount,
    options: { primary?: boolean } = {},
  ): Promise<UserIdentity> {
    return this.transaction(async () => {
      if (!(await this.exists({ id: userId }))) throw new NotFoundError("User", { id: userId });
      if (options.primary) {
        await this.identityController.updateWhere({ userId, isPrimary: true }, { isPrimary: false });
      }
      const { entity } = await this.identityController.getOrCreate(
        { platform: account.platform, platformUserId: account.platformUserId },
        { userId, platformUsername: account.platformUsername, isPrimary: options.primary ?? false },
      );
      if (entity.userId !== userId) {
        throw new ConflictError("user_identities_pkey", {
          id: "errors.conflict_identity_taken",
          values: { platform: account.platform },
        });
      }
      return entity;
    });
  }

  /** Locks the user's row until the caller's transaction ends: changes to one user's links queue up. */
  private async lock(userId: number): Promise<void> {
    await this.db.sql(`SELECT 1 FROM ${this.sql.table} WHERE ${this.sql.columnName("id")} = $1 FOR UPDATE`, [
      userId,
    ]);
  }

  /**
   * Links a user's account on another platform, one per platform: checked and linked under the user's row
   * lock, so a burst of /link still links one. An account linked to someone else is refused.
   */
  async linkOncePerPlatform(userId: number, account: PlatformAccount): Promise<void> {
    const { platform } = account;
    try {
      await this.transaction(async () => {
        await this.lock(userId);
        const existing = (await this.identities(userId)).find((identity) => identity.platform === platform);
        if (existing) {
          throw new UserError("profile.already_linked", { platform, handle: existing.platformUsername });
        }
        await this.linkIdentity(userId, account);
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw new UserError("profile.linked_elsewhere", { platform });
    }
  }

  /** Removes the user's account on a platform and returns it; none linked is refused. */
  async unlinkPlatform(userId: number, platform: string): Promise<UserIdentity> {
    const identity = (await this.identities(userId)).find((linked) => linked.platform === platform);
    if (!identity) throw new UserError("profile.not_linked", { platform });
    await this.unlinkIdentity(userId, platform, identity.platformUserId);
    return identity;
  }

  /** Removes a link; a user's last identity cannot be removed (the user would be unreachable). */
  async unlinkIdentity(userId: number, platform: string, platformUserId: string): Promise<boolean> {
    return this.transaction(async () => {
      const remaining = await this.identityController.count({ userId });
      if (remaining <= 1) {
        throw new ConflictError(undefined, { id: "errors.conflict_last_identity" });
      }
      return (await this.identityController.deleteWhere({ userId, platform, platformUserId })) > 0;
    });
  }

  identities(userId: number): Promise<UserIdentity[]> {
    return this.identityController.findMany({
      where: { userId },
      order: { isPrimary: "DESC", linkedAt: "ASC" },
    });
  }

  /**
   * Moves the last-seen of the users behind these Discord accounts forward, in one statement however many
   * there are; never back in time (a late flush of older sightings changes nothing). Accounts not linked
   * to a user are skipped.
   */
  async markSeen(sightings: readonly Sighting[]): Promise<void> {
    if (sightings.length === 0) return;
    await this.db.sql(this.markSeenSql(), [
      sightings.map((sighting) => sighting.userId),
      sightings.map((sighting) => sighting.at.toISOString()),
      DISCORD,
    ]);
  }

  /** `$1` Discord user ids, `$2` when each was seen, `$3` the platform. */
  private markSeenStatement(): string {
    const [users, identities] = [this.sql, this.sqlOf(UserIdentity)];
    const lastSeen = users.columnName("lastSeenAt");
    const identityUser = identities.columnName("userId");
    return `UPDATE ${users.table} AS u SET ${lastSeen} = GREATEST(u.${lastSeen}, s.seen)
         FROM (SELECT i.${identityUser} AS user_id, max(v.seen) AS seen
                 FROM unnest($1::varchar[], $2::timestamptz[]) AS v(platform_user_id, seen)
                 JOIN ${identities.table} i ON i.${identities.columnName("platform")} = $3
                  AND i.${identities.columnName("platformUserId")} = v.platform_user_id
                GROUP BY i.${identityUser}) AS s
        WHERE u.${users.columnName("id")} = s.user_id AND u.${lastSeen} < s.seen`;
  }

  async stats(): Promise<UserStats> {
    const result = await this.db.sql<{
      users: string;
      seen: string;
      platforms: Record<string, number> | null;
    }>(
      `SELECT (SELECT count(*) FROM ${this.sql.table}) AS users,
              (SELECT count(*) FROM ${this.sql.table}
                WHERE ${this.sql.columnName("lastSeenAt")} > now() - interval '1 day') AS seen,
              (SELECT jsonb_object_agg(platform, n) FROM
                 (SELECT ${this.sqlOf(UserIdentity).columnName("platform")} AS platform, count(*) AS n
                    FROM ${this.sqlOf(UserIdentity).table} GROUP BY 1) p) AS platforms`,
    );
    const row = result.rows[0];
    return {
      users: Number(row?.users ?? 0),
      seenLastDay: Number(row?.seen ?? 0),
      identitiesByPlatform: row?.platforms ?? {},
    };
  }
}

function withoutUser(identity: UserIdentity): UserIdentity {
  const { user: _user, ...rest } = identity;
  return Object.assign(new UserIdentity(), rest);
}
