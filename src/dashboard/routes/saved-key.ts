/**
 * Which of a page's "saved" notices `?saved=` names, or null: only the table's own keys (`in` would also
 * accept inherited ones such as `constructor`).
 */
export function savedKey<K extends string>(notices: Readonly<Record<K, unknown>>, value: unknown): K | null {
  return typeof value === "string" && Object.hasOwn(notices, value) ? (value as K) : null;
}
