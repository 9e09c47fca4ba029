/** PostgreSQL's `text` refuses it, and `jsonb` refuses its `\u0000` escape. */
const NUL = "\u0000";
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Text PostgreSQL stores as given: U+0000 removed, lone UTF-16 surrogates (which UTF-8 cannot encode and
 * `jsonb` refuses) replaced with U+FFFD. Ordinary text is returned as it is, without copying.
 */
export function storableText(text: string): string {
  const withoutNul = text.includes(NUL) ? text.replaceAll(NUL, "") : text;
  return SURROGATE.test(withoutNul) ? withoutNul.replace(LONE_SURROGATE, "\uFFFD") : withoutNul;
}

/** `storableText` applied to every string of a JSON value, keys included. */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]),
    );
  }
  return value;
}
