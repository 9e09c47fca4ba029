import { formatDuration } from "../../bot/duration";
import type { GuildAutomodRows } from "../../controllers/automod-controller";
import type { Translator } from "../../i18n/translator";
import { AUTOMOD_RULES, defaultRule } from "./settings";

const MAX_SHOWN_PATTERNS = 10;

/** `/automod show`: one line per rule (off ones too), then the ladder. */
export function automodLines(rows: GuildAutomodRows, t: Translator): string {
  const lines = AUTOMOD_RULES.map((name) => {
    const rule = rows.rules.find((row) => row.rule === name) ?? defaultRule(name);
    const parts = [
      t.t(rule.enabled ? "automod.show_on" : "automod.show_off", { rule: name }),
      t.t("automod.show_actions", {
        actions: rule.actions.join(", "),
        timeout: formatDuration(rule.timeoutSeconds * 1000),
      }),
      t.t("automod.show_limit", { limit: rule.limit, seconds: rule.windowSeconds }),
    ];
    if (rule.patterns.length > 0) {
      const shown = rule.patterns.slice(0, MAX_SHOWN_PATTERNS).map((pattern) => `\`${pattern}\``);
      const more = rule.patterns.length - shown.length;
      parts.push(shown.join(" ") + (more > 0 ? ` (+${more})` : ""));
    }
    const exempt = [
      ...rule.exemptRoleIds.map((id) => `<@&${id}>`),
      ...rule.exemptChannelIds.map((id) => `<#${id}>`),
    ];
    if (exempt.length > 0) parts.push(t.t("automod.show_exempt", { exempt: exempt.join(" ") }));
    return parts.join(" · ");
  });
  const ladder = rows.ladder
    ? t.t("automod.show_ladder", {
        warns: rows.ladder.warns,
        window: formatDuration(rows.ladder.windowSeconds * 1000),
        timeout: formatDuration(rows.ladder.timeoutSeconds * 1000),
      })
    : t.t("automod.show_no_ladder");
  return [t.t("automod.show_title"), ...lines, ladder, t.t("automod.show_moderators")].join("\n");
}
