import type { APIEmbed } from "discord.js";
import type { CursorPage } from "../../controllers/base-controller";
import { CaseType, type Case } from "../../entities";
import { caseTitle } from "./case-embed";
import { caseLine } from "./case-lines";

/** `/history`: how many cases of each kind a member has, and their latest ones. */
export function historyOverview(
  targetId: string,
  counts: Partial<Record<CaseType, number>>,
  latest: CursorPage<Case>,
): APIEmbed {
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  if (total === 0 && latest.items.length === 0) {
    return { title: "History", description: `<@${targetId}> has no cases.` };
  }
  const byKind = Object.values(CaseType)
    .filter((type) => (counts[type] ?? 0) > 0)
    .map((type) => `${caseTitle(type)}: ${counts[type] ?? 0}`)
    .join(" · ");
  return {
    title: "History",
    description: [
      `<@${targetId}> · ${total} case${total === 1 ? "" : "s"}`,
      byKind,
      "",
      `**Latest ${latest.items.length}**`,
      ...latest.items.map(caseLine),
    ].join("\n"),
    ...(latest.nextCursor ? { footer: { text: "Older cases: /cases with this member" } } : {}),
  };
}
