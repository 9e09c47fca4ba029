import type { APIEmbed } from "discord.js";
import type { CursorPage } from "../../controllers/base-controller";
import { CaseType, type Case } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { caseLine, mention } from "./case-lines";
import { caseTypeName } from "./case-types";

/** `/history`: how many cases of each kind a member has, and their latest ones. */
export function historyOverview(
  t: Translator,
  targetId: string,
  counts: Partial<Record<CaseType, number>>,
  latest: CursorPage<Case>,
): APIEmbed {
  const title = t.t("cases.history_title");
  const member = mention(targetId);
  const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
  if (total === 0 && latest.items.length === 0) {
    return { title, description: t.t("cases.member_no_cases", { member }) };
  }
  const byKind = Object.values(CaseType)
    .filter((type) => (counts[type] ?? 0) > 0)
    .map((type) => t.t("cases.kind_count", { type: caseTypeName(t, type), count: counts[type] ?? 0 }))
    .join(" · ");
  return {
    title,
    description: [
      t.t("cases.member_summary", { member, count: total }),
      byKind,
      "",
      t.t("cases.latest", { count: latest.items.length }),
      ...latest.items.map((kase) => caseLine(t, kase)),
    ].join("\n"),
    ...(latest.nextCursor ? { footer: { text: t.t("cases.older_cases_hint") } } : {}),
  };
}
