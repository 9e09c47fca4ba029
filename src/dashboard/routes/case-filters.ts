import { CaseType } from "../../entities";
import type { CaseSearchFilter } from "../../controllers/case-controller";
import type { MessageId } from "../../i18n/resources";

const SNOWFLAKE = /^\d{17,20}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;
const STATES = ["active", "deleted", "all"] as const;

/** The cases page's query string, as typed (shown back in the form). */
export interface FilterQuery {
  type?: string;
  member?: string;
  moderator?: string;
  state?: string;
  from?: string;
  to?: string;
  q?: string;
  after?: string;
}

export type ParsedFilters =
  | { ok: true; filter: CaseSearchFilter; after: string | null; values: Required<Omit<FilterQuery, "after">> }
  | { ok: false; field: MessageId };

function day(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The filters, checked; the first field that is not understood otherwise. Empty fields mean "any". */
export function parseFilters(query: FilterQuery): ParsedFilters {
  const text = (key: keyof FilterQuery): string => (typeof query[key] === "string" ? query[key].trim() : "");
  const values = {
    type: text("type"),
    member: text("member"),
    moderator: text("moderator"),
    state: text("state") || "active",
    from: text("from"),
    to: text("to"),
    q: text("q"),
  };
  const filter: CaseSearchFilter = {};
  if (values.type) {
    if (!(Object.values(CaseType) as string[]).includes(values.type))
      return { ok: false, field: "dashboard.filter_type" };
    filter.type = values.type as CaseType;
  }
  if (values.member) {
    if (!SNOWFLAKE.test(values.member)) return { ok: false, field: "dashboard.filter_member" };
    filter.targetId = values.member;
  }
  if (values.moderator) {
    if (!SNOWFLAKE.test(values.moderator)) return { ok: false, field: "dashboard.filter_moderator" };
    filter.moderatorId = values.moderator;
  }
  const state = STATES.find((known) => known === values.state);
  if (!state) return { ok: false, field: "dashboard.filter_state" };
  filter.state = state;
  if (values.from) {
    const from = day(values.from);
    if (!from) return { ok: false, field: "dashboard.filter_from" };
    filter.from = from;
  }
  if (values.to) {
    const to = day(values.to);
    if (!to) return { ok: false, field: "dashboard.filter_to" };
    filter.before = new Date(to.getTime() + 86_400_000); // the whole of that day
  }
  if (values.q) {
    if (values.q.length > MAX_TEXT) return { ok: false, field: "dashboard.filter_text" };
    filter.text = values.q;
  }
  return { ok: true, filter, after: text("after") || null, values };
}

/** The query string of the same filters with another cursor. */
export function withCursor(values: Record<string, string>, after: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== "") params.set(key, value);
  params.set("after", after);
  return params.toString();
}

/** The query string of the same filters (no cursor): for links that keep them, such as the export. */
export function filterQuery(values: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== "") params.set(key, value);
  return params.toString();
}
