import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import type { Reply } from "../../bot/interactions/reply";
import { caseTitle } from "./case-embed";
import { caseLine } from "./case-lines";
import { PAGE_SIZE, type CasePage } from "./case-pager";
import { encodeListState, type ListFilter, type PageAnchor } from "./list-state";

export const NO_CASES = "No cases match.";

export interface ListContext {
  filter: ListFilter;
  invokerId: string;
  /** When the buttons on this page are issued (their 10 minutes start now). */
  now: number;
  /** Signs a button's custom id (see ComponentSigner). */
  sign: (customId: string) => string;
}

function filterSummary(filter: ListFilter): string | null {
  const parts = [
    filter.targetId ? `Member <@${filter.targetId}>` : null,
    filter.moderatorId ? `Moderator <@${filter.moderatorId}>` : null,
    filter.type ? `Kind: ${caseTitle(filter.type)}` : null,
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
  const customId = context.sign(encodeListState({ ...context, anchor, page, issuedAt: context.now }));
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId,
    disabled: !enabled,
  };
}

function buttons(view: CasePage, context: ListContext): APIActionRowComponent<APIButtonComponent>[] {
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
        button("Previous", context, previous, Math.max(1, view.page - 1), view.hasPrevious),
        button("Next", context, next, view.page + 1, view.hasNext && last !== undefined),
      ],
    },
  ];
}

/** The `/cases` message: one line per case, the page, and Previous/Next when there is more than a page. */
export function listReply(view: CasePage, context: ListContext): Reply {
  if (view.items.length === 0 && view.page === 1) return { content: NO_CASES, components: [] };
  const pages = Math.max(view.page, Math.ceil(view.total / PAGE_SIZE));
  const summary = filterSummary(context.filter);
  const lines = view.items.length > 0 ? view.items.map(caseLine) : ["No more cases match."];
  return {
    embeds: [
      {
        title: "Cases",
        description: [...(summary ? [summary, ""] : []), ...lines].join("\n"),
        footer: { text: `Page ${view.page} of ${pages} · ${view.total} case${view.total === 1 ? "" : "s"}` },
      },
    ],
    components: buttons(view, context),
  };
}
