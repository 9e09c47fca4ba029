import { apiErrors } from "../core/api-error";

/** Narrowing helpers for JSON request bodies (unknown → typed fields, 400 on wrong types). */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw apiErrors.invalidForm(key, "Must be a string.");
  return value;
}

export function nullableString(record: Record<string, unknown>, key: string): string | null | undefined {
  return record[key] === null ? null : optionalString(record, key);
}

export function optionalNumber(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw apiErrors.invalidForm(key, "Must be a number.");
  return value;
}

export function optionalStringArray(record: Record<string, unknown>, key: string): string[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw apiErrors.invalidForm(key, "Must be an array of snowflakes.");
  }
  return value;
}

export function optionalArray(record: Record<string, unknown>, key: string): unknown[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw apiErrors.invalidForm(key, "Must be an array.");
  return value;
}

/** Integer query parameter within [min, max], or the default when absent. */
export function queryInt(
  query: URLSearchParams,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw apiErrors.invalidForm(key, `Must be an integer between ${min} and ${max}.`);
  }
  return value;
}
