import { DiscordAPIError } from "discord.js";
import type { Translator } from "../../i18n/translator";

/** Why Discord did not do what automod asked, in a few words for the case's reason. */
export function discordProblem(error: unknown, t: Translator): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 403) return t.t("automod.problem_refused");
    if (error.status === 404) return t.t("automod.problem_gone");
    if (error.status === 429) return t.t("automod.problem_rate_limited");
    return t.t("automod.problem_failed", { detail: `${error.status} ${error.message}` });
  }
  return t.t("automod.problem_failed", { detail: error instanceof Error ? error.message : String(error) });
}
