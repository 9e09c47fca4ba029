import type { AutocompleteInteraction } from "discord.js";
import { inject, injectable } from "tsyringe";
import { LocaleResolver } from "../../bot/interactions/locale-resolver";
import type { AutocompleteChoice } from "../../bot/commands/registration";
import { CaseController, type CaseSuggestion } from "../../controllers/case-controller";
import { translator, type Translator } from "../../i18n/translator";
import { caseTypeName } from "./case-types";

const MAX_CHOICE_NAME = 100;
/** Name matches beyond this many members add little and would make the statement large. */
const MAX_NAME_MATCHES = 100;

/** Suggests case numbers as a moderator types: by number prefix, the member's name, or reason text. */
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
    const text = typed.trim();
    const suggestions = await this.cases.suggest(guildId, {
      typed: text,
      targetIds: text === "" ? [] : namesMatching(interaction, text),
    });
    const t = translator(await this.locales.of(interaction));
    return suggestions.map((suggestion) => ({
      name: label(t, suggestion, nameOf(interaction, suggestion.targetId)),
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

function nameOf(interaction: AutocompleteInteraction, userId: string): string {
  const member = interaction.guild?.members.cache.get(userId);
  return member?.displayName ?? interaction.client.users.cache.get(userId)?.username ?? userId;
}

/** Ids of cached members and users whose name contains the typed text. */
function namesMatching(interaction: AutocompleteInteraction, typed: string): string[] {
  const needle = typed.toLowerCase();
  const found = new Set<string>();
  const consider = (id: string, ...names: (string | null | undefined)[]): void => {
    if (found.size < MAX_NAME_MATCHES && names.some((name) => name?.toLowerCase().includes(needle))) {
      found.add(id);
    }
  };
  for (const member of interaction.guild?.members.cache.values() ?? []) {
    consider(member.id, member.displayName, member.user.username, member.user.globalName);
  }
  for (const user of interaction.client.users.cache.values())
    consider(user.id, user.username, user.globalName);
  return [...found];
}
