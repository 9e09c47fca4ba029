import { invalid } from "../errors/validation-error";

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  hasNext: boolean;
  hasPrev: boolean;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw invalid(field, "validation.whole_in_range", { min: 1, max: MAX_PAGE_SIZE });
  }
}

/**
 * Cursors are opaque to callers: base64url JSON of the last row's sort key and primary key, both in
 * PostgreSQL's own text form, so a timestamp keeps its microseconds and compares exactly.
 */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === "string")) {
      return { sortKey: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // fall through to the validation error
  }
  throw invalid("after", "validation.bad_cursor");
}
