import { invalid } from "../errors/validation-error";
import type { MessageId } from "../i18n/resources";
import { storableJson, storableText } from "../database/postgres-text";
import type { VariableType } from "../entities/variable";

const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

function refuse(rule: MessageId): never {
  throw invalid("value", rule);
}

/** Parsed, with every string made storable: `"\u0000"` is valid JSON that `jsonb` refuses. */
function parseJson(text: string): unknown {
  try {
    return storableJson(JSON.parse(text));
  } catch {
    return refuse("validation.json");
  }
}

function toInteger(value: unknown): number {
  const number = typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number)) {
    return refuse("validation.safe_integer");
  }
  return number;
}

function toFloat(value: unknown): number {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) return refuse("validation.finite_number");
  return number;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  const word = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return refuse("validation.boolean");
}

/**
 * A value as stored for its type. Text (what a slash command gives) is parsed; other values are checked
 * as they are. Anything that does not fit is a ValidationError naming `value`.
 */
export function normaliseValue(type: VariableType, value: unknown): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? storableText(value) : refuse("validation.text");
    case "integer":
      return toInteger(value);
    case "float":
      return toFloat(value);
    case "boolean":
      return toBoolean(value);
    case "json":
      return typeof value === "string" ? parseJson(value) : storableJson(JSON.parse(JSON.stringify(value)));
    case "list": {
      const list = typeof value === "string" ? parseJson(value) : storableJson(value);
      return Array.isArray(list) ? list : refuse("validation.json_array");
    }
  }
}

/** A stored value as text for people: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
