import { createHash, randomBytes } from "node:crypto";
import { inject } from "tsyringe";
import { IsNull, MoreThan } from "typeorm";
import { DatabaseService } from "../database/database-service";
import { DashboardSession, MAX_SESSION_GUILDS, MAX_SESSION_NAME_LENGTH } from "../entities/dashboard-session";
import { service } from "../service";
import { BaseController } from "./base-controller";

/** How long a dashboard sign-in lasts (what a moderator may do is still checked on every request). */
export const SESSION_LIFETIME_MS = 7 * 24 * 3600_000;

export interface NewSession {
  userId: string;
  userName: string;
  guildIds: readonly string[];
}

/** The hash a session id is stored (and looked up) under. */
export function sessionIdHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * Dashboard sign-ins. A session id is 32 random bytes handed to the browser once; the table keeps its
 * SHA-256, so neither a backup nor a look at the table signs anyone in.
 */
@service()
export class DashboardSessionController extends BaseController<DashboardSession> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, DashboardSession);
  }

  /** A new session; returns the id for the cookie (never stored). */
  async open(input: NewSession): Promise<{ sessionId: string; session: DashboardSession }> {
    const sessionId = randomBytes(32).toString("base64url");
    const session = await this.create({
      idHash: sessionIdHash(sessionId),
      userId: input.userId,
      userName: input.userName.slice(0, MAX_SESSION_NAME_LENGTH),
      guildIds: [...new Set(input.guildIds)].slice(0, MAX_SESSION_GUILDS),
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
    });
    return { sessionId, session };
  }

  /**
   * The live session behind a cookie's id: not signed out, not expired; null otherwise. The rest of the
   * request then works on behalf of its user (their writes are read back from the primary).
   */
  async find(sessionId: string): Promise<DashboardSession | null> {
    const session = await this.findOne({
      where: { idHash: sessionIdHash(sessionId), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    if (session) this.db.actingAs(session.userId);
    return session;
  }

  /** Runs `next` (the rest of a dashboard request) in a scope `find` names the signed-in user of. */
  requestScope(next: () => void): void {
    this.db.onBehalfOf(undefined, next);
  }

  /** Drops a guild from every session of `userId`: Discord says they (or Warden) are no longer in it. */
  async forgetGuild(userId: string, guildId: string): Promise<void> {
    const [guilds, user] = [this.sql.columnName("guildIds"), this.sql.columnName("userId")];
    await this.db.sql(
      `UPDATE ${this.sql.table} SET ${guilds} = array_remove(${guilds}, $2::bigint)
        WHERE ${user} = $1 AND $2::bigint = ANY(${guilds})`,
      [userId, guildId],
    );
  }

  /** Signs one browser out. */
  async revoke(idHash: string): Promise<void> {
    await this.updateWhere({ idHash, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Signs a user out of every browser; returns how many sessions that closed. */
  revokeAllOf(userId: string): Promise<number> {
    return this.updateWhere({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
