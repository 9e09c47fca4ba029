import type { Reply } from "../../bot/interactions/reply";
import type { Translator } from "../../i18n/translator";
import { caseLine, mention } from "./case-lines";
import { PAGE_SIZE, type CasePage } from "./case-pager";
import { caseTypeName } from "./case-types";
import type { ListFilter } from "./list-state";

function filterSummary(t: Translator, filter: ListFilter): string | null {
  const parts = [
    filter.targetId ? t.t("cases.filter_member", { member: mention(filter.targetId) }) : null,
    filter.moderatorId ? t.t("cases.filter_moderator", { moderator: mention(filter.moderatorId) }) : null,
    filter.type ? t.t("cases.filter_type", { type: caseTypeName(t, filter.type) }) : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** The `/cases` message: one line per case and the page (the Pager adds Previous/Next). */
export function listReply(t: Translator, view: CasePage, filter: ListFilter): Reply {
  if (view.items.length === 0 && view.page === 1) return { content: t.t("cases.none_match") };
  const pages = Math.max(view.page, Math.ceil(view.total / PAGE_SIZE));
  const summary = filterSummary(t, filter);
  const lines =
    view.items.length > 0 ? view.items.map((kase) => caseLine(t, kase)) : [t.t("cases.no_more_match")];
  return {
    embeds: [
      {
        title: t.t("cases.list_title"),
        description: [...(summary ? [summary, ""] : []), ...lines].join("\n"),
        footer: { text: t.t("cases.list_footer", { page: view.page, pages, count: view.total }) },
      },
    ],
  };
}
