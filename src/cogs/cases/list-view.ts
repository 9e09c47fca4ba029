import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import type { Reply } from "../../bot/interactions/reply";
import type { Translator } from "../../i18n/translator";
import { caseLine, mention } from "./case-lines";
import { PAGE_SIZE, type CasePage } from "./case-pager";
import { caseTypeName } from "./case-types";
import { encodeListState, type ListFilter, type PageAnchor } from "./list-state";

export interface ListContext {
  filter: ListFilter;
  invokerId: string;
  /** When the buttons on this page are issued (their 10 minutes start now). */
  now: number;
  /** Signs a button's custom id (see ComponentSigner). */
  sign: (customId: string) => string;
}

function filterSummary(t: Translator, filter: ListFilter): string | null {
  const parts = [
    filter.targetId ? t.t("cases.filter_member", { member: mention(filter.targetId) }) : null,
    filter.moderatorId ? t.t("cases.filter_moderator", { moderator: mention(filter.moderatorId) }) : null,
    filter.type ? t.t("cases.filter_type", { type: caseTypeName(t, filter.type) }) : null,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function button(
  label: string,
  context: ListContext,
  anchor: PageAnchor,
  page: number,
  enabled: boolean,
): APIButtonComponent {
  const { filter, invokerId, now } = context;
  const customId = context.sign(encodeListState({ filter, invokerId, anchor, page, issuedAt: now }));
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId,
    disabled: !enabled,
  };
}

function buttons(
  t: Translator,
  view: CasePage,
  context: ListContext,
): APIActionRowComponent<APIButtonComponent>[] {
  const first = view.items[0];
  const last = view.items.at(-1);
  if (!view.hasPrevious && !view.hasNext) return [];
  const previous: PageAnchor = first ? { direction: "newer", number: first.number } : { direction: "first" };
  const next: PageAnchor = last
    ? { direction: "older", number: last.number, id: last.id }
    : { direction: "first" };
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(t.t("cases.previous"), context, previous, Math.max(1, view.page - 1), view.hasPrevious),
        button(t.t("cases.next"), context, next, view.page + 1, view.hasNext && last !== undefined),
      ],
    },
  ];
}

/** The `/cases` message: one line per case, the page, and Previous/Next when there is more than a page. */
export function listReply(t: Translator, view: CasePage, context: ListContext): Reply {
  if (view.items.length === 0 && view.page === 1) {
    return { content: t.t("cases.none_match"), components: [] };
  }
  const pages = Math.max(view.page, Math.ceil(view.total / PAGE_SIZE));
  const summary = filterSummary(t, context.filter);
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
    components: buttons(t, view, context),
  };
}
