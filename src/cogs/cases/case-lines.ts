import { escapeMarkdown } from "discord.js";
import type { Case } from "../../entities";
import { caseTitle } from "./case-embed";

/** A Discord timestamp that each reader sees in their own time zone: `R` relative, `f` date and time. */
export function discordTime(at: Date, style: "R" | "f" = "R"): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

/** A reason on one line, cut to `max` characters with an ellipsis, its markdown shown as typed. */
export function shortReason(reason: string | null, max: number): string {
  const flat = (reason ?? "").replace(/\s+/g, " ").trim();
  if (flat === "") return "no reason given";
  return escapeMarkdown(flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat);
}

/** `#12 Ban · @alice · by @mod · 3 days ago · reason…` — mentions render as names and ping nobody. */
export function caseLine(kase: Case): string {
  return [
    `#${kase.number} ${caseTitle(kase.type)}`,
    `<@${kase.targetId}>`,
    `by <@${kase.moderatorId}>`,
    discordTime(kase.createdAt),
    shortReason(kase.reason, 80),
  ].join(" · ");
}
