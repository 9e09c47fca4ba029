import { randomUUID } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { NotificationListener } from "../database/notification-listener";
import { UserPreference } from "../entities";
import { isLocale, type Locale } from "../i18n/locales";
import { BaseController } from "./base-controller";

export type PreferenceChanges = Partial<Pick<UserPreference, "privateReplies" | "dmOnCase" | "language">>;

/** How long a member's preferences are trusted from memory: the bound when another process's notice is lost. */
const CACHE_MS = 60_000;
/**
 * Each entry lives CACHE_MS ± a quarter of it: members first seen together (a raid, a burst of moderators,
 * a restart) would otherwise all be read again in the same second a minute later.
 */
const CACHE_SPREAD = 0.25;
const CACHE_ENTRIES = 10_000;
/** Other processes hear of every language change on this channel, as `<sender>:<discord user id>`. */
export const USER_LANGUAGE_CHANNEL = "warden_user_language";

/** A Discord user's own settings; a user who never set any gets the defaults, without a row. */
@service()
export class UserPreferenceController extends BaseController<UserPreference> {
  private readonly known = new Map<string, { preference: StoredPreference; until: number }>();
  /** Lookups in flight; a change marks them stale, so a language read before it is not remembered. */
  private readonly reads = new Set<{ userId: string; stale: boolean }>();
  /** Tells this controller's own notifications apart: it already knows what it changed. */
  private readonly sender = randomUUID();

  constructor(
    @inject(DatabaseService) db: DatabaseService,
    @inject(NotificationListener) private readonly notifications: NotificationListener,
  ) {
    super(db, UserPreference);
    notifications.on(USER_LANGUAGE_CHANNEL, (payload) => this.heard(payload));
    notifications.onConnectionChange(() => this.forget());
  }

  /**
   * The member's preferences. Asked on many interactions (the language on every one), so they are kept in
   * memory for a minute (bounded); a change made here is seen at once, one made by another process as soon
   * as its notification arrives.
   */
  async of(discordUserId: string): Promise<UserPreference> {
    return withDefaults(discordUserId, await this.stored(discordUserId));
  }

  /** The language a member chose, or null. */
  async languageOf(discordUserId: string): Promise<Locale | null> {
    return (await this.stored(discordUserId))?.language ?? null;
  }

  /** The member's language if this process knows it now (undefined: it must be read). */
  knownLanguageOf(discordUserId: string): Locale | null | undefined {
    const cached = this.known.get(discordUserId);
    if (!cached || cached.until <= Date.now()) return undefined;
    return cached.preference?.language ?? null;
  }

  /** The member's row (null: none, the defaults apply), from memory when this process knows it. */
  private async stored(discordUserId: string): Promise<StoredPreference> {
    const cached = this.known.get(discordUserId);
    if (cached && cached.until > Date.now()) return cached.preference;
    const read = { userId: discordUserId, stale: false };
    this.reads.add(read);
    try {
      const column = (property: keyof UserPreference & string): string => this.sql.columnName(property);
      const { rows } = await this.db.sql<{
        privateReplies: boolean;
        dmOnCase: boolean;
        language: string | null;
      }>(
        `SELECT ${column("privateReplies")} AS "privateReplies", ${column("dmOnCase")} AS "dmOnCase",
                ${column("language")} AS language
           FROM ${this.sql.table} WHERE ${column("discordUserId")} = $1`,
        [discordUserId],
      );
      const row = rows[0];
      const preference = row ? { ...row, language: isLocale(row.language) ? row.language : null } : null;
      if (!read.stale) this.remember(discordUserId, preference);
      return preference;
    } finally {
      this.reads.delete(read);
    }
  }

  /** Sets the given preferences in one statement, leaving the others as they were. */
  async change(discordUserId: string, changes: PreferenceChanges): Promise<UserPreference> {
    const current = defaults(discordUserId);
    const { table } = this.sql;
    const column = (property: keyof UserPreference & string): string => this.sql.columnName(property);
    const [id, privateReplies, dmOnCase, languageColumn] = [
      column("discordUserId"),
      column("privateReplies"),
      column("dmOnCase"),
      column("language"),
    ];
    const { rows } = await this.db.sql<{
      privateReplies: boolean;
      dmOnCase: boolean;
      language: string | null;
    }>(
      `INSERT INTO ${table} AS p (${id}, ${privateReplies}, ${dmOnCase}, ${languageColumn})
       VALUES ($1, COALESCE($2::boolean, $4::boolean), COALESCE($3::boolean, $5::boolean), $6::varchar)
       ON CONFLICT (${id}) DO UPDATE
         SET ${privateReplies} = COALESCE($2::boolean, p.${privateReplies}),
             ${dmOnCase} = COALESCE($3::boolean, p.${dmOnCase}),
             ${languageColumn} = CASE WHEN $7::boolean THEN $6::varchar ELSE p.${languageColumn} END,
             ${column("updatedAt")} = now()
       RETURNING ${privateReplies} AS "privateReplies", ${dmOnCase} AS "dmOnCase", ${languageColumn} AS language`,
      [
        discordUserId,
        changes.privateReplies ?? null,
        changes.dmOnCase ?? null,
        current.privateReplies,
        current.dmOnCase,
        changes.language ?? null,
        changes.language !== undefined,
      ],
    );
    const row = rows[0];
    const stored = {
      privateReplies: row?.privateReplies ?? current.privateReplies,
      dmOnCase: row?.dmOnCase ?? current.dmOnCase,
      language: isLocale(row?.language) ? row.language : null,
    };
    this.forget(discordUserId);
    // Inside a transaction the change may still roll back: remembered only once it is committed.
    if (!this.db.inTransaction) this.remember(discordUserId, stored);
    const payload = `${this.sender}:${discordUserId}`;
    this.db.afterCommit(() => void this.notifications.notify(USER_LANGUAGE_CHANNEL, [payload]));
    return Object.assign(current, stored);
  }

  /** Forgets remembered preferences (all, or one member's) and what lookups in flight will read. */
  private forget(discordUserId?: string): void {
    if (discordUserId === undefined) this.known.clear();
    else this.known.delete(discordUserId);
    for (const read of this.reads) {
      if (discordUserId === undefined || read.userId === discordUserId) read.stale = true;
    }
  }

  private heard(payload: string): void {
    const separator = payload.indexOf(":");
    if (payload.slice(0, separator) !== this.sender) this.forget(payload.slice(separator + 1));
  }

  private remember(discordUserId: string, preference: StoredPreference): void {
    this.known.delete(discordUserId);
    if (this.known.size >= CACHE_ENTRIES) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    const lifetime = CACHE_MS * (1 - CACHE_SPREAD + 2 * CACHE_SPREAD * Math.random());
    this.known.set(discordUserId, { preference, until: Date.now() + lifetime });
  }
}

/** What a member's row holds, or null when they have none. */
type StoredPreference = Pick<UserPreference, "privateReplies" | "dmOnCase" | "language"> | null;

function withDefaults(discordUserId: string, stored: StoredPreference): UserPreference {
  return stored ? Object.assign(defaults(discordUserId), stored) : defaults(discordUserId);
}

function defaults(discordUserId: string): UserPreference {
  return Object.assign(new UserPreference(), {
    discordUserId,
    privateReplies: false,
    dmOnCase: true,
    language: null,
  });
}
