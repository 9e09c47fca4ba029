import { WARDEN_AUTOMOD_MODERATOR_ID } from "../../controllers/automod-moderator";
import type { Translator } from "../../i18n/translator";

/**
 * The moderator id of cases Discord's AutoMod made: not a user (AutoMod acts for the server, not for the
 * rule's author), shown as "AutoMod" wherever a case names its moderator.
 */
export const AUTOMOD_MODERATOR_ID = "0";

/** The case's moderator as a mention, or "AutoMod" for AutoMod's cases. */
export function moderatorMention(moderatorId: string, t: Translator): string {
  if (moderatorId === WARDEN_AUTOMOD_MODERATOR_ID) return t.t("automod.moderator");
  return moderatorId === AUTOMOD_MODERATOR_ID ? t.t("moderation.automod_moderator") : `<@${moderatorId}>`;
}
