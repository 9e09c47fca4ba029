import { MessageCounters } from "../../../src/cogs/automod/counters";
import { GuildAutomod, type AutomodMessage } from "../../../src/cogs/automod/engine";
import {
  defaultRule,
  type AutomodRuleName,
  type AutomodRuleSettings,
} from "../../../src/cogs/automod/settings";

const on = (rule: AutomodRuleName, changes: Partial<AutomodRuleSettings> = {}): AutomodRuleSettings => ({
  ...defaultRule(rule),
  enabled: true,
  ...changes,
});
const automod = (...rules: AutomodRuleSettings[]) =>
  new GuildAutomod({ rules, ladder: null }, new MessageCounters());
let clock = 1_000_000;
const message = (content: string, changes: Partial<AutomodMessage> = {}): AutomodMessage => ({
  guildId: "10",
  channelId: "20",
  authorId: "30",
  roleIds: [],
  content,
  mentions: 0,
  at: (clock += 100),
  ...changes,
});
const fired = (engine: GuildAutomod, seen: AutomodMessage) => engine.check(seen)?.rule.rule ?? null;

describe("Warden's automod engine", () => {
  it("fires each rule on what breaks it, and not on ordinary messages", () => {
    const cases: [AutomodRuleSettings, string, Partial<AutomodMessage>?][] = [
      [on("words", { patterns: ["scam"] }), "this is a SCAM"],
      [on("invites"), "join discord.gg/abcdef"],
      [on("links", { patterns: ["example.com"] }), "see https://evil.test/x"],
      [on("mentions", { limit: 2 }), "hi all", { mentions: 3 }],
      [on("caps"), "WHY IS EVERYONE SHOUTING HERE"],
      [on("zalgo", { limit: 5 }), "h\u0301\u0302\u0303e\u0304\u0305\u0306llo"],
      [on("newlines", { limit: 3 }), "a\nb\nc\nd"],
    ];
    for (const [rule, bad, extra] of cases) {
      const engine = automod(rule);
      expect(fired(engine, message("an ordinary message, https://docs.example.com/page"))).toBeNull();
      expect(fired(engine, message(bad, extra))).toBe(rule.rule);
    }
  });

  it("counts a member's rate and repeats within the window; the rest of a burst acted on is that burst", () => {
    const engine = automod(on("rate", { limit: 3, windowSeconds: 5 }), on("duplicates", { limit: 3 }));
    expect(fired(engine, message("one"))).toBeNull();
    expect(fired(engine, message("two"))).toBeNull();
    expect(fired(engine, message("three", { authorId: "31" }))).toBeNull();
    expect(fired(engine, message("four"))).toBeNull();
    const fourth = message("five");
    const verdict = engine.check(fourth);
    expect(verdict).toMatchObject({ rule: { rule: "rate" } });
    expect(verdict?.burst).toBeUndefined();
    if (verdict) engine.acted(fourth, verdict);
    expect(engine.check(message("six"))).toMatchObject({ rule: { rule: "rate" }, burst: true });
    clock += 6_000;
    expect(fired(engine, message("seven"))).toBeNull();
    clock += 20_000;
    expect(fired(engine, message("same"))).toBeNull();
    clock += 3_000;
    expect(fired(engine, message("Same"))).toBeNull();
    clock += 3_000;
    expect(fired(engine, message("same "))).toBe("duplicates");
  });

  it("exempts the rule's roles and channels, and threads and forum posts under an exempt channel", () => {
    const engine = automod(
      on("words", { patterns: ["scam"], exemptRoleIds: ["7"], exemptChannelIds: ["8"] }),
    );
    expect(fired(engine, message("scam", { roleIds: ["6", "7"] }))).toBeNull();
    expect(fired(engine, message("scam", { channelId: "8" }))).toBeNull();
    expect(fired(engine, message("scam", { channelId: "81", parentId: "8" }))).toBeNull();
    expect(fired(engine, message("scam", { channelId: "81", parentId: "9" }))).toBe("words");
    expect(fired(engine, message("scam", { roleIds: ["6"] }))).toBe("words");
  });

  it("ignores rules that are off or have no action", () => {
    expect(automod(on("caps", { enabled: false })).active).toBe(false);
    expect(automod(on("caps", { actions: [] })).active).toBe(false);
  });
});
