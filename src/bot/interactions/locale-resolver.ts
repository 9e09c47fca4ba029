import type { User } from "discord.js";

/** What the choice is made from; every interaction has these. */
interface Localised {
  readonly user: User;
  readonly locale: string;
  readonly guildLocale: string | null;
}
import { inject } from "tsyringe";
import { service } from "../../service";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import { chooseLocale, DEFAULT_LOCALE, localeFromDiscord, type Locale } from "../../i18n/locales";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { DatabaseGate } from "../database-gate";

/** How long an interaction waits for the member's stored language before using their client's. */
export const PREFERENCE_WAIT_MS = 500;

/**
 * The language an interaction is answered in: the member's `/preferences language`, else their Discord
 * client's, else the guild's, else English. Without the database the preference is skipped, never fatal.
 */
@service()
export class LocaleResolver {
  constructor(
    @inject(UserPreferenceController) private readonly preferences: UserPreferenceController,
    @inject(DatabaseGate) private readonly gate: DatabaseGate,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** At once when the member's choice is known (or the database is away); else once the lookup settles. */
  of(interaction: Localised): Locale | Promise<Locale> {
    const chosen = this.chosen(interaction.user.id);
    const pick = (choice: Locale | null): Locale =>
      chooseLocale(choice, interaction.locale, interaction.guildLocale);
    return chosen === null || typeof chosen === "string" ? pick(chosen) : chosen.then(pick);
  }

  /** The language the member's Discord client shows commands in: its own when Warden has it, else English. */
  client(interaction: Localised): Locale {
    return localeFromDiscord(interaction.locale) ?? DEFAULT_LOCALE;
  }

  /** Without a member's choice (no database yet, or it failed): their client's, else the guild's. */
  immediate(interaction: Localised): Locale {
    return chooseLocale(interaction.locale, interaction.guildLocale);
  }

  /**
   * The member's stored choice, if the database gives it within PREFERENCE_WAIT_MS: a stalled database
   * must not hold back answers that need none (/ping). A late answer still fills the cache for next time.
   */
  private chosen(userId: string): Locale | null | Promise<Locale | null> {
    if (!this.gate.isOpen) return null;
    const known = this.preferences.knownLanguageOf(userId);
    return known !== undefined ? known : this.lookUp(userId);
  }

  private async lookUp(userId: string): Promise<Locale | null> {
    const lookup = this.preferences.languageOf(userId).catch((error: unknown) => {
      this.logger.debug({ err: error, userId }, "the member's language is unknown; using their client's");
      return null;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), PREFERENCE_WAIT_MS);
    });
    try {
      return await Promise.race([lookup, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
