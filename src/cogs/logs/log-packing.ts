export interface LogFile {
  name: string;
  text: string;
}

export interface PackedEntry {
  itemId: string;
  line: string;
  file?: LogFile;
}

/** One message to post: its embeds' descriptions, its files, and the outbox items it carries. */
export interface LogPost {
  itemIds: string[];
  descriptions: string[];
  files: LogFile[];
  /** Lines left out of the embeds, all of them in the first file: a large batch. */
  overflow: number;
}

/** Discord's limits, kept under: 4096 characters per description, 6000 per message, 10 embeds, 10 files. */
export const LIMITS = { line: 1000, description: 4000, message: 5600, embeds: 10, files: 10 } as const;
/** A batch that would take more posts than this goes out as one summary and a file instead. */
const MOST_POSTS_AS_EMBEDS = 2;
const SUMMARY_CHARS = 3000;

/** Packs one channel's entries into as few posts as Discord allows: many lines per embed, several embeds per post. */
export function packPosts(entries: readonly PackedEntry[], summaryFile: string): LogPost[] {
  const posts = asEmbeds(entries);
  if (posts.length <= MOST_POSTS_AS_EMBEDS) return posts;
  return asSummary(entries, summaryFile);
}

const clip = (line: string): string =>
  line.length > LIMITS.line ? `${line.slice(0, LIMITS.line - 1)}…` : line;
const emptyPost = (): LogPost => ({ itemIds: [], descriptions: [], files: [], overflow: 0 });
const chars = (post: LogPost): number => post.descriptions.reduce((sum, text) => sum + text.length, 0);

function asEmbeds(entries: readonly PackedEntry[]): LogPost[] {
  const posts: LogPost[] = [];
  let post = emptyPost();
  for (const entry of entries) {
    const line = clip(entry.line);
    const fitsPost = chars(post) + line.length + 1 <= LIMITS.message;
    const fitsFiles = !entry.file || post.files.length < LIMITS.files;
    if (!fitsPost || !fitsFiles) {
      posts.push(post);
      post = emptyPost();
    }
    const last = post.descriptions.length - 1;
    const current = post.descriptions[last];
    if (current !== undefined && current.length + line.length + 1 <= LIMITS.description) {
      post.descriptions[last] = `${current}\n${line}`;
    } else if (post.descriptions.length < LIMITS.embeds) {
      post.descriptions.push(line);
    } else {
      posts.push(post);
      post = { ...emptyPost(), descriptions: [line] };
    }
    post.itemIds.push(entry.itemId);
    if (entry.file) post.files.push(entry.file);
  }
  if (post.itemIds.length > 0) posts.push(post);
  return posts;
}

/** A summary post (the first lines and a count) with every line in one file, then the bulk-delete files. */
function asSummary(entries: readonly PackedEntry[], summaryFile: string): LogPost[] {
  const shown: string[] = [];
  let used = 0;
  for (const entry of entries) {
    const line = clip(entry.line);
    if (used + line.length + 1 > SUMMARY_CHARS) break;
    shown.push(line);
    used += line.length + 1;
  }
  const first: LogPost = {
    itemIds: [],
    descriptions: [shown.join("\n")],
    files: [{ name: summaryFile, text: entries.map((entry) => entry.line).join("\n") }],
    overflow: entries.length - shown.length,
  };
  const posts = [first];
  let post = first;
  for (const entry of entries) {
    if (entry.file && post.files.length >= LIMITS.files) posts.push((post = emptyPost()));
    post.itemIds.push(entry.itemId);
    if (entry.file) post.files.push(entry.file);
  }
  return posts;
}
