import { SandboxInputError } from "./errors";

/** One word of a sandbox line: `value`, `"quoted value"`, `key:value` or `key:"quoted value"`. */
export interface Token {
  /** Set for `key:value`; the key is the part before the first colon outside quotes. */
  key?: string;
  value: string;
  /** Part of the token was in quotes (so `"a:b"` stays one value and `""` is an empty one). */
  quoted: boolean;
}

const OPENING_QUOTES = new Set(['"', "\u201c"]);
const CLOSING_QUOTES = new Set(['"', "\u201d"]);
const KEY = /^[\p{L}\p{N}_-]+$/u;

/** Splits a line into tokens: whitespace separates, double quotes group, `\"` escapes inside quotes. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let buffer = "";
  let key: string | undefined;
  let quoted = false;
  let inQuotes = false;
  let started = false;

  const finish = (): void => {
    if (started) tokens.push(key === undefined ? { value: buffer, quoted } : { key, value: buffer, quoted });
    buffer = "";
    key = undefined;
    quoted = false;
    started = false;
  };

  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (inQuotes) {
      if (char === "\\" && index + 1 < line.length) {
        index += 1;
        buffer += line[index] as string;
      } else if (CLOSING_QUOTES.has(char)) {
        inQuotes = false;
      } else {
        buffer += char;
      }
    } else if (/\s/.test(char)) {
      finish();
    } else if (OPENING_QUOTES.has(char)) {
      inQuotes = true;
      quoted = true;
      started = true;
    } else if (char === ":" && key === undefined && !quoted && KEY.test(buffer)) {
      key = buffer;
      buffer = "";
      started = true;
    } else {
      buffer += char;
      started = true;
    }
  }
  if (inQuotes) throw new SandboxInputError("a quote is not closed");
  finish();
  return tokens;
}

/** The token as the user typed it (for messages about it). */
export function showToken(token: Token): string {
  const value = token.quoted ? JSON.stringify(token.value) : token.value;
  return token.key === undefined ? value : `${token.key}:${value}`;
}
