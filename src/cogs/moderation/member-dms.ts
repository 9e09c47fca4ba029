import type { Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { UserPreferenceController } from "../../controllers/user-preference-controller";
import type { Case } from "../../entities";
import { chooseLocale } from "../../i18n/locales";
import { translator, type Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { AppealInvitations } from "../appeals/appeal-invitations";
import { directMessage } from "./notices";

/**
 * The DM a member gets before an action on them (from a moderator or Warden's automod alike), in the
 * language they chose, else the guild's; a ban's DM carries the Appeal button when the guild takes appeals.
 */
@injectable()
export class MemberDms {
  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(UserPreferenceController) private readonly preferences: UserPreferenceController,
    @inject(AppealInvitations) private readonly appeals: AppealInvitations,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Whether the DM reached them; null when none was sent. Closed DMs never stop the action. */
  async tell(guild: Guild, userId: string, kase: Case): Promise<boolean | null> {
    const t = await this.dmTranslator(guild, userId, kase);
    const text = t && directMessage(kase, guild.name, t);
    if (!text) return null;
    const components = await this.appeals.buttonsFor(kase, t).catch((error: unknown) => {
      this.logger.warn(
        { err: error, caseId: kase.id },
        "could not read the appeal settings; no Appeal button",
      );
      return [];
    });
    try {
      await guild.client.users.send(userId, { content: text, components, allowedMentions: { parse: [] } });
      return true;
    } catch (error) {
      this.logger.info({ err: error, caseId: kase.id, userId }, "the member's DMs are closed");
      return false;
    }
  }

  /**
   * The member's DM is written in the language they chose (/preferences language), else the guild's; null
   * when the guild sends no DMs or the member opted out (/preferences dm_on_case). Settings that cannot be
   * read (the database failing right after the case was recorded) mean no DM: they never undo or stop the
   * action.
   */
  private async dmTranslator(guild: Guild, userId: string, kase: Case): Promise<Translator | null> {
    try {
      if (!(await this.configs.get(guild.id)).dmOnAction) return null;
      const preference = await this.preferences.of(userId);
      if (!preference.dmOnCase) return null;
      return translator(chooseLocale(preference.language, guild.preferredLocale));
    } catch (error) {
      this.logger.warn(
        { err: error, caseId: kase.id },
        "could not read the DM settings; not telling the member",
      );
      return null;
    }
  }
}
