import { ValidationError } from "../database/errors";

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
    throw new ValidationError({ [field]: [`must be a whole number from 1 to ${MAX_PAGE_SIZE}`] });
  }
}

/** Cursors are opaque to callers: base64url JSON of the last row's sort key and primary key. */
export function encodeCursor(sortValue: unknown, id: unknown): string {
  const plain = sortValue instanceof Date ? { d: sortValue.toISOString() } : { v: sortValue };
  return Buffer.from(JSON.stringify([plain, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { sortValue: unknown; id: unknown } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "object" && parsed[0] !== null) {
      const key = parsed[0] as { d?: string; v?: unknown };
      return { sortValue: key.d !== undefined ? new Date(key.d) : key.v, id: parsed[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError({ after: ["is not a cursor this list gave out"] });
}
