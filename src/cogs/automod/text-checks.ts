/** Checks on one message's text alone; each returns the evidence, or null. Linear in the text. */

const INVITE = /(?:discord(?:app)?\.com\/invite|discord\.gg|discord\.me|dsc\.gg)\/([a-z0-9-]{2,32})/gi;
const LINK = /\bhttps?:\/\/([^\s/?#<>]+)/gi;
const COMBINING = /\p{M}/gu;
const MIN_CAPS_LETTERS = 12;

/** Invite codes in the text (to be compared with the guild's own). */
export function inviteCodes(content: string): string[] {
  if (!content.includes("/")) return [];
  return [...content.matchAll(INVITE)].map((match) => match[1] ?? "").filter(Boolean);
}

/** The first link whose host is not allowed (an allowed host's subdomains are allowed too). */
export function disallowedLink(content: string, allowed: readonly string[]): string | null {
  if (!content.includes("://")) return null;
  for (const match of content.matchAll(LINK)) {
    const host = (match[1] ?? "")
      .toLowerCase()
      .replace(/:\d+$/, "")
      .replace(/^www\./, "");
    if (!allowed.some((entry) => host === entry || host.endsWith(`.${entry}`))) return match[0];
  }
  return null;
}

/** The per cent of capitals among the letters, when there are enough letters to judge. */
export function capsPercent(content: string): number | null {
  let letters = 0;
  let capitals = 0;
  for (const char of content) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    if (lower === upper) continue;
    letters += 1;
    if (char === upper) capitals += 1;
  }
  return letters < MIN_CAPS_LETTERS ? null : Math.round((capitals * 100) / letters);
}

export function combiningMarks(content: string): number {
  return content.match(COMBINING)?.length ?? 0;
}

export function lineCount(content: string): number {
  let lines = 1;
  for (let index = content.indexOf("\n"); index >= 0; index = content.indexOf("\n", index + 1)) lines += 1;
  return lines;
}

/** A short, single-line piece of the message for a case's reason. */
export function excerpt(text: string, length = 120): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
