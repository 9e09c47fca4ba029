import type { AutocompleteInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import { LocaleResolver } from "../../bot/interactions/locale-resolver";
import type { AutocompleteChoice } from "../../bot/commands/registration";
import { CaseController, type CaseSuggestion } from "../../controllers/case-controller";
import { translator, type Translator } from "../../i18n/translator";
import { caseTypeName } from "./case-types";

const MAX_CHOICE_NAME = 100;

/**
 * Suggests case numbers as a moderator types: by number prefix, the target's name or reason text. Names are
 * those recorded with each case: Discord's member cache holds almost nobody (src/bot/cache-settings.ts).
 */
@injectable()
export class CaseAutocomplete {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(LocaleResolver) private readonly locales: LocaleResolver,
  ) {}

  async suggest(interaction: AutocompleteInteraction, typed: string): Promise<AutocompleteChoice[]> {
    const guildId = interaction.guildId;
    // The router only asks for suggestions on behalf of members allowed to run the command.
    if (!guildId) return [];
    const suggestions = await this.cases.suggest(guildId, { typed: typed.trim() });
    const t = translator(await this.locales.of(interaction));
    return suggestions.map((suggestion) => ({
      name: label(t, suggestion, suggestion.targetName ?? suggestion.targetId),
      value: suggestion.number,
    }));
  }
}

/** `#12 Ban — alice: spamming links…`, at most 100 characters. */
export function label(t: Translator, suggestion: CaseSuggestion, name: string): string {
  const values = { number: suggestion.number, type: caseTypeName(t, suggestion.type), name };
  const head = suggestion.voided ? t.t("cases.suggestion_deleted", values) : t.t("cases.suggestion", values);
  const reason = (suggestion.reason ?? "").replace(/\s+/g, " ").trim();
  const full = reason ? `${head}: ${reason}` : head;
  return full.length > MAX_CHOICE_NAME ? `${full.slice(0, MAX_CHOICE_NAME - 1).trimEnd()}…` : full;
}
