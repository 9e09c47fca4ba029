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

  it("checks the whole of a long message: a blocked word past the 2000th character still matches", () => {
    // Nitro members may send 4000 characters: padding must not hide the word or the pattern.
    const padded = (tail: string) => `${"fine words ".repeat(250)}${tail}`;
    expect(padded("x").length).toBeGreaterThan(2000);
    expect(new PatternMatcher(["spam"]).find(padded("spam"))).toBe("spam");
    expect(new PatternMatcher(["free nitro"]).find(padded("free nitro"))).toBe("free nitro");
    expect(new PatternMatcher(["/discord\\.gift/"]).find(padded("discord.gift/x"))).toBe("/discord\\.gift/");
  });

  it("sees through invisible characters, full-width letters and zalgo marks inside a blocked word", () => {
    const matcher = new PatternMatcher(["spam", "free nitro"]);
    expect(matcher.find("s\u200Bp\u200Da\u2060m")).toBe("spam");
    expect(matcher.find("buy \uFF53\uFF50\uFF41\uFF4D now")).toBe("spam");
    expect(matcher.find("s\u0337p\u0337a\u0337m\u0337\u0489")).toBe("spam");
    expect(matcher.find("free\u00ADnitro")).toBeNull(); // a soft hyphen joins, it does not separate
    expect(matcher.find("free \u200Bnitro")).toBe("free nitro");
    // Accents that are letters of their own stay distinct; scripts whose marks are vowels are untouched.
    expect(new PatternMatcher(["résumé"]).find("resume")).toBeNull();
    expect(new PatternMatcher(["résumé"]).find("re\u0301sume\u0301")).toBe("résumé");
    expect(new PatternMatcher(["काम"]).find("कम")).toBeNull();
  });
});
