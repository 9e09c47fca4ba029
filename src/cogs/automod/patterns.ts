import { RE2JS, RE2JSException } from "re2js";

export const MAX_PATTERNS = 50;
export const MAX_PATTERN_LENGTH = 200;
/** RE2 program instructions per pattern: matching costs O(text × program), so the program is bounded. */
export const MAX_PROGRAM_SIZE = 400;
/** The most a message can hold (Nitro members may send 4000 characters): all of it is searched. */
export const MAX_CHECKED_LENGTH = 4_000;

/** Why a pattern was refused, as a message identifier's values. */
export type PatternRefusal =
  | { reason: "too_long" }
  | { reason: "too_complex" }
  | { reason: "invalid"; detail: string }
  | { reason: "empty" }
  | { reason: "matches_everything" };

/** `/regex/` is a RE2 pattern (linear time, no backreferences or lookaround); anything else a word or phrase. */
export function isRegex(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/");
}

/** Compiles one RE2 pattern (case-insensitive), or says why it cannot be used. */
export function compileRegex(source: string): RE2JS | PatternRefusal {
  if (source.length === 0) return { reason: "empty" };
  if (source.length > MAX_PATTERN_LENGTH) return { reason: "too_long" };
  try {
    const compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return compiled.programSize() > MAX_PROGRAM_SIZE ? { reason: "too_complex" } : compiled;
  } catch (error) {
    if (error instanceof RE2JSException) return { reason: "invalid", detail: error.message };
    throw error;
  }
}

/** Refuses a pattern the matcher would not take; null when it is fine. */
export function checkPattern(pattern: string): PatternRefusal | null {
  const text = pattern.trim();
  if (text.length > MAX_PATTERN_LENGTH) return { reason: "too_long" };
  if (isRegex(text)) {
    const compiled = compileRegex(text.slice(1, -1));
    if (!(compiled instanceof RE2JS)) return compiled;
    // One that matches the empty text would fire on every message.
    return compiled.test("") ? { reason: "matches_everything" } : null;
  }
  return normalizeWords(text).length === 0 ? { reason: "empty" } : null;
}

/**
 * Lower case words separated by single spaces: how words and phrases are compared. Compatibility forms
 * (full-width letters) are folded, invisible format characters (zero-width spaces, soft hyphens) and the
 * diacritic marks zalgo stacks are dropped, so none of them can split or disguise a blocked word.
 */
export function normalizeWords(text: string): string {
  return text
    .normalize("NFKC")
    .replace(HIDING, "")
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .filter(Boolean)
    .join(" ");
}

/**
 * Format characters and the marks of no script of their own (zalgo's diacritics, variation selectors);
 * after NFKC only marks no letter absorbed are left. Scripts whose marks are vowels keep them.
 */
const HIDING = /[\p{Cf}\p{Script=Inherited}]/gu;

const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Blocked words and phrases (whole words, any case) and RE2 patterns. Words are looked up in a set, one
 * pass over the message's words; phrases by substring over the normalised text; patterns as one RE2
 * alternation (one linear pass), and only when it matches are they tried one by one to name the pattern.
 */
export class PatternMatcher {
  private readonly words = new Set<string>();
  private readonly phrases: string[] = [];
  private readonly regexes: { source: string; compiled: RE2JS }[] = [];
  private readonly combined: RE2JS | null;

  constructor(patterns: readonly string[]) {
    for (const pattern of patterns.slice(0, MAX_PATTERNS)) {
      const text = pattern.trim();
      if (isRegex(text)) {
        const compiled = compileRegex(text.slice(1, -1));
        if (compiled instanceof RE2JS) this.regexes.push({ source: text, compiled });
        continue;
      }
      const words = normalizeWords(text);
      if (words.includes(" ")) this.phrases.push(` ${words} `);
      else if (words) this.words.add(words);
    }
    const alternation = this.regexes.map(({ source }) => `(?:${source.slice(1, -1)})`).join("|");
    this.combined = this.regexes.length > 1 ? RE2JS.compile(alternation, RE2JS.CASE_INSENSITIVE) : null;
  }

  get empty(): boolean {
    return this.words.size === 0 && this.phrases.length === 0 && this.regexes.length === 0;
  }

  /** The first blocked word, phrase or match in `content`, or null. */
  find(content: string): string | null {
    const text = content.length > MAX_CHECKED_LENGTH ? content.slice(0, MAX_CHECKED_LENGTH) : content;
    if (this.words.size > 0 || this.phrases.length > 0) {
      const words = normalizeWords(text);
      for (const word of words.split(" ")) if (this.words.has(word)) return word;
      const spaced = ` ${words} `;
      for (const phrase of this.phrases) if (spaced.includes(phrase)) return phrase.trim();
    }
    if (this.regexes.length === 0) return null;
    if (this.combined && !this.combined.test(text)) return null;
    // The pattern names the evidence; the enforcer quotes the message itself.
    for (const { source, compiled } of this.regexes) if (compiled.test(text)) return source;
    return null;
  }
}
