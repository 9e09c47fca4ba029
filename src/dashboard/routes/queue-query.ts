import { invalid } from "../../errors/validation-error";

/** A queue page's query string, as typed. */
export interface QueueQuery {
  status?: string;
  before?: string;
}

const ID = /^\d{1,9}$/;

/** The status asked for (the first one when none), or a validation error naming the field. */
export function queueStatus<S extends string>(query: QueueQuery, statuses: readonly S[]): S {
  const asked = typeof query.status === "string" && query.status !== "" ? query.status : statuses[0];
  const status = statuses.find((candidate) => candidate === asked);
  if (!status) throw invalid("status", "validation.not_a_choice");
  return status;
}

/** The keyset cursor: the page holds ids below it; null for the newest page. */
export function queueBefore(query: QueueQuery): number | null {
  if (query.before === undefined || query.before === "") return null;
  if (!ID.test(query.before)) throw invalid("before", "validation.bad_cursor");
  return Number(query.before);
}

/** A page read one row long: whether there is an older page, and the link to it. */
export function queuePage<T extends { id: number }>(
  rows: readonly T[],
  limit: number,
  status: string,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const next =
    rows.length > limit && last
      ? `?${new URLSearchParams({ status, before: String(last.id) }).toString()}`
      : null;
  return { items, next };
}

/** An id in a URL path (a report's, an appeal's), or a validation error. */
export function pathId(field: string, value: string): number {
  const id = ID.test(value) ? Number(value) : 0;
  if (id < 1) throw invalid(field, "validation.whole_in_range", { min: 1, max: 999_999_999 });
  return id;
}

const DISCORD_MESSAGE = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/[\d@me]+\/\d+\/\d+$/;

/** A stored message link, only when it is a Discord message link (never a `javascript:` URL). */
export function safeMessageLink(link: string | null): string | null {
  return link !== null && DISCORD_MESSAGE.test(link) ? link : null;
}

const SHOWN = 300;

export function shortened(text: string): string {
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
