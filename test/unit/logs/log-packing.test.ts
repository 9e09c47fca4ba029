import { LIMITS, packPosts, type LogPost, type PackedEntry } from "../../../src/cogs/logs/log-packing";

const entry = (index: number, length = 100, file = false): PackedEntry => ({
  itemId: String(index),
  line: `${index} `.padEnd(length, "x"),
  ...(file ? { file: { name: `deleted-messages-${index}.txt`, text: `listing ${index}` } } : {}),
});
const entries = (count: number, length?: number): PackedEntry[] =>
  Array.from({ length: count }, (_, index) => entry(index, length));
const chars = (post: LogPost): number => post.descriptions.reduce((sum, text) => sum + text.length, 0);
const carried = (posts: readonly LogPost[]): string[] => posts.flatMap((post) => post.itemIds);

/** What Discord refuses: more than 10 embeds or files, a description over 4096, embeds over 6000 in all. */
function expectWithinDiscordLimits(posts: readonly LogPost[]): void {
  for (const post of posts) {
    expect(post.descriptions.length).toBeLessThanOrEqual(10);
    expect(post.files.length).toBeLessThanOrEqual(10);
    for (const text of post.descriptions) expect(text.length).toBeLessThanOrEqual(4096);
    expect(chars(post)).toBeLessThanOrEqual(6000 - 200);
  }
}

describe("packing server-log lines into posts", () => {
  it("puts a few lines in one embed of one post", () => {
    const posts = packPosts(entries(5), "server-log-0.txt");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.descriptions).toHaveLength(1);
    expect(posts[0]?.files).toEqual([]);
    expect(carried(posts)).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("fills several embeds per post, and at most two posts, before turning to a file", () => {
    const posts = packPosts(entries(80), "server-log-0.txt");
    expect(posts.length).toBeLessThanOrEqual(2);
    expect(posts.every((post) => post.files.length === 0)).toBe(true);
    expect(carried(posts)).toEqual(entries(80).map((item) => item.itemId));
    expectWithinDiscordLimits(posts);
  });

  it("sends 500 lines as one post: the first lines and a file with all of them", () => {
    const posts = packPosts(entries(500), "server-log-7.txt");
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.files.map((file) => file.name)).toEqual(["server-log-7.txt"]);
    expect(post?.files[0]?.text.split("\n")).toHaveLength(500);
    expect(post?.overflow).toBe(500 - (post?.descriptions[0]?.split("\n").length ?? 0));
    expect(carried(posts)).toHaveLength(500);
    expectWithinDiscordLimits(posts);
  });

  it("clips a line longer than an embed can show", () => {
    const [post] = packPosts([entry(1, 10_000)], "server-log-1.txt");
    expect(post?.descriptions[0]?.length).toBe(LIMITS.line);
  });

  it("attaches each bulk delete's file, never more than ten per post", () => {
    const bulk = Array.from({ length: 25 }, (_, index) => entry(index, 80, true));
    const posts = packPosts(bulk, "server-log-0.txt");
    expect(
      posts.flatMap((post) => post.files).filter((file) => file.name.startsWith("deleted-")),
    ).toHaveLength(25);
    expect(carried(posts)).toHaveLength(25);
    expectWithinDiscordLimits(posts);
  });
});
