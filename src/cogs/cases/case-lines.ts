import { escapeMarkdown } from "discord.js";
import type { Case } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { caseTypeName } from "./case-types";
import { moderatorMention } from "./moderator-name";

/** A Discord timestamp that each reader sees in their own time zone: `R` relative, `f` date and time. */
export function discordTime(at: Date, style: "R" | "f" = "R"): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

/** A mention that renders as the member's name (replies ping nobody). */
export const mention = (userId: string): string => `<@${userId}>`;

/** A reason on one line, cut to `max` characters with an ellipsis, its markdown shown as typed. */
export function shortReason(t: Translator, reason: string | null, max: number): string {
  const flat = (reason ?? "").replace(/\s+/g, " ").trim();
  if (flat === "") return t.t("cases.no_reason");
  return escapeMarkdown(flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat);
}

/** `#12 Ban · @alice · by @mod · 3 days ago · reason…` — mentions render as names and ping nobody. */
export function caseLine(t: Translator, kase: Case): string {
  return t.t("cases.line", {
    number: kase.number,
    type: caseTypeName(t, kase.type),
    target: mention(kase.targetId),
    moderator: moderatorMention(kase.moderatorId, t),
    when: discordTime(kase.createdAt),
    reason: shortReason(t, kase.reason, 80),
  });
}
