/** Markdown pieces for the command reference, written the way Prettier formats them (the file is linted). */

/**
 * Text shown as-is: characters Markdown would read as formatting, HTML or an entity are escaped, and so is
 * a start that would make a heading, a quote or a list.
 */
export function text(value: string): string {
  return value
    .replace(/[\\`*_~<>[\]|&]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([#>+-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Code as-is; a `|` is escaped, as a table cell needs even in code (names never hold one elsewhere). */
export function code(value: string): string {
  const inner = value.replace(/\|/g, "\\|");
  return inner.includes("`") ? `\`\` ${inner} \`\`` : `\`${inner}\``;
}

const width = (cell: string): number => [...cell].length;

/** A table with its columns padded to one width, as Prettier aligns them. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? ""))),
  );
  const pad = (cell: string, size: number): string => cell + " ".repeat(size - width(cell));
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((size, column) => pad(cells[column] ?? "", size)).join(" | ")} |`;
  const rule = `| ${widths.map((size) => "-".repeat(size)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/**
 * Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces as dashes, and a repeated
 * anchor numbered (`economy`, `economy-1`).
 */
export class Anchors {
  private readonly seen = new Map<string, number>();

  take(heading: string): string {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    while (this.seen.has(anchor)) {
      const count = (this.seen.get(base) ?? 0) + 1;
      this.seen.set(base, count);
      anchor = `${base}-${count}`;
    }
    this.seen.set(anchor, 0);
    return anchor;
  }
}

/** "a", "a or b", "a, b or c". */
export function either(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}` : items.join("");
}
