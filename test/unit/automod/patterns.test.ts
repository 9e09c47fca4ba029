import { checkPattern, PatternMatcher } from "../../../src/cogs/automod/patterns";

/** Catastrophic-backtracking candidates from the classic ReDoS lists that RE2 takes. */
const HOSTILE = [
  "/(a+)+$/",
  "/(a|aa)+$/",
  "/(.*a){20}/",
  "/(x+x+)+y/",
  "/^(([a-z])+.)+[A-Z]([a-z])+$/",
  "/([a-zA-Z]+)*@/",
];

describe("automod patterns", () => {
  it("accepts the classic ReDoS patterns: RE2 matches them in linear time", () => {
    for (const pattern of HOSTILE) expect(checkPattern(pattern)).toBeNull();
  });

  it("refuses the ReDoS patterns that match empty text: they would fire on every message", () => {
    for (const pattern of ["/^(\\w+\\s?)*$/", "/(a|a?)+$/", "/(\\d+)*$/"]) {
      expect(checkPattern(pattern)).toEqual({ reason: "matches_everything" });
    }
  });

  it("refuses what RE2 cannot run, saying why", () => {
    expect(checkPattern("/(a)\\1/")).toMatchObject({ reason: "invalid" });
    expect(checkPattern("/(?=a)b/")).toMatchObject({ reason: "invalid" });
    expect(checkPattern("/(/")).toMatchObject({ reason: "invalid" });
    expect(checkPattern(`/${"a".repeat(201)}/`)).toEqual({ reason: "too_long" });
    expect(checkPattern("/(.*a){200}/")).toEqual({ reason: "too_complex" });
    expect(checkPattern("!!!")).toEqual({ reason: "empty" });
  });

  it("gives the right answers on adversarial inputs", () => {
    const matcher = (pattern: string) => new PatternMatcher([pattern]);
    expect(matcher("/(a+)+$/").find(`${"a".repeat(1500)}!`)).toBeNull();
    expect(matcher("/(a+)+$/").find(`${"b".repeat(30)}aaa`)).toBe("/(a+)+$/");
    expect(matcher("/(a|aa)+$/").find(`${"a".repeat(1900)}b`)).toBeNull();
    expect(matcher("/(.*a){20}/").find("a".repeat(19))).toBeNull();
    expect(matcher("/(.*a){20}/").find("xa".repeat(20))).toBe("/(.*a){20}/");
    expect(matcher("/^(\\w+\\s?)*$/").find(`${"word ".repeat(300)}!`)).toBeNull();
    expect(matcher("/^(\\w+\\s?)*$/").find("just words here")).toBe("/^(\\w+\\s?)*$/");
    expect(matcher("/(x+x+)+y/").find("x".repeat(1999))).toBeNull();
  });

  it("matches whole words and phrases in any case, and names which", () => {
    const words = new PatternMatcher(["spam", "free nitro", "/bad(word)?s?/"]);
    expect(words.find("I love SPAM!")).toBe("spam");
    expect(words.find("spammer")).toBeNull();
    expect(words.find("get FREE   nitro now")).toBe("free nitro");
    expect(words.find("freedom nitro")).toBeNull();
    expect(words.find("such BADWORDS")).toBe("/bad(word)?s?/");
    expect(words.find("hello there")).toBeNull();
  });

  it("checks several patterns in one pass and still names the one that matched", () => {
    const many = new PatternMatcher([...HOSTILE, "/discord\\.gift/"]);
    expect(many.find("claim discord.gift 1")).toBe("/discord\\.gift/");
    expect(many.find(`${"a".repeat(1000)}!`)).toBe("/(.*a){20}/");
  });
});
