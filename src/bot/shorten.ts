/**
 * `text` within `max` UTF-16 units: unchanged when it fits, else cut with an ellipsis. Never cut between
 * the two halves of a surrogate pair: a lone half is not valid Unicode (`encodeURIComponent` throws on it,
 * as in an audit-log reason header, and PostgreSQL refuses it).
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
