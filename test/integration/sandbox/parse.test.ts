import { ApplicationCommandOptionType as OptionType } from "discord.js";
import { SandboxInputError } from "../../../sandbox/errors";
import type { References } from "../../../sandbox/option-values";
import { parseLine, parseSlashCommand, type CommandSpec, type SandboxCommand } from "../../../sandbox/parse";
import { tokenize } from "../../../sandbox/tokenize";
import { usageLines } from "../../../sandbox/usage";
import { TestCommand } from "../../support/test-cogs";

const IDS: Record<string, string> = {
  alice: "100000000000000001",
  bob: "100000000000000002",
  general: "200000000000000001",
  "mod-log": "200000000000000002",
  moderators: "300000000000000001",
  "senior mods": "300000000000000002",
};

const references: References = {
  userId: (name) => lookup("@", name, ["alice", "bob"]),
  channelId: (name) => lookup("#", name, ["general", "mod-log"]),
  roleId: (name) => lookup("@&", name, ["moderators", "senior mods"]),
};

function lookup(sigil: string, name: string, known: string[]): string {
  const id = known.includes(name.toLowerCase()) ? IDS[name.toLowerCase()] : undefined;
  if (!id) throw new SandboxInputError(`unknown ${sigil}${name}`);
  return id;
}

const WARN: CommandSpec = {
  name: "warn",
  options: [
    { type: OptionType.User, name: "user", required: true },
    { type: OptionType.String, name: "reason", required: true },
    { type: OptionType.Integer, name: "days" },
    { type: OptionType.Number, name: "weight" },
    { type: OptionType.Boolean, name: "silent" },
    { type: OptionType.Channel, name: "log" },
    { type: OptionType.Role, name: "notify" },
    { type: OptionType.Mentionable, name: "cc" },
    {
      type: OptionType.Integer,
      name: "level",
      choices: [
        { name: "Low", value: 1 },
        { name: "High", value: 2 },
      ],
    },
  ],
};
const SPECS: CommandSpec[] = [WARN, TestCommand, { name: "ping" }];

function slash(line: string) {
  const command = parseLine(line) as Extract<SandboxCommand, { kind: "slash" }>;
  expect(command.kind).toBe("slash");
  return parseSlashCommand(command, SPECS, references);
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxInputError);
    return (error as Error).message;
  }
  throw new Error("expected a SandboxInputError");
}

describe("tokenize", () => {
  it("splits on spaces, groups quotes, and keeps keys apart from their values", () => {
    expect(tokenize(`/warn user:@alice reason:"spam, twice" days:3 "a:b" x:""`)).toEqual([
      { value: "/warn", quoted: false },
      { key: "user", value: "@alice", quoted: false },
      { key: "reason", value: "spam, twice", quoted: true },
      { key: "days", value: "3", quoted: false },
      { value: "a:b", quoted: true },
      { key: "x", value: "", quoted: true },
    ]);
  });

  it("takes escaped and typographic quotes, and colons inside values", () => {
    expect(tokenize(`say:"he said \\"hi\\"" url:https://x.test/a “two words”`)).toEqual([
      { key: "say", value: 'he said "hi"', quoted: true },
      { key: "url", value: "https://x.test/a", quoted: false },
      { value: "two words", quoted: true },
    ]);
  });

  it("refuses a quote left open", () => {
    expect(refusal(() => tokenize(`reason:"spam`))).toBe("a quote is not closed");
  });
});

describe("parseLine", () => {
  it.each<[string, SandboxCommand]>([
    ["", { kind: "nothing" }],
    ["# a comment", { kind: "nothing" }],
    ['click "Show more"', { kind: "click", label: "Show more" }],
    ["click Next", { kind: "click", label: "Next" }],
    ['menu "Warn" @bob', { kind: "menu", name: "Warn", target: "@bob" }],
    ['menu "Purge after this" last', { kind: "menu", name: "Purge after this", target: "last" }],
    [
      'select "Pick a reason" spam "bad words"',
      { kind: "select", placeholder: "Pick a reason", values: ["spam", "bad words"] },
    ],
    ['submit reason:"too loud" days:2', { kind: "submit", fields: { reason: "too loud", days: "2" } }],
    ["as @alice", { kind: "as", user: "alice" }],
    ["AS bob", { kind: "as", user: "bob" }],
    ["in #mod-log", { kind: "in", channel: "mod-log" }],
    ["log", { kind: "log", channel: undefined }],
    ["log #general", { kind: "log", channel: "general" }],
    ["members", { kind: "members" }],
    ["help", { kind: "help" }],
    ["quit", { kind: "quit" }],
    ["exit", { kind: "quit" }],
  ])("%j", (line, expected) => {
    expect(parseLine(line)).toEqual(expected);
  });

  it.each([
    ["frobnicate now", 'I don\'t understand "frobnicate now": type help for what I do'],
    ["/", "a slash command needs a name, like /ping"],
    ["click", 'click needs a button label, like click "Next"'],
    ["select Reason", 'select needs a placeholder and values, like select "Pick a reason" spam'],
    ["submit", 'submit needs fields, like submit reason:"spam"'],
    ['menu "Warn"', 'menu needs a menu name and a target, like menu "Warn" @bob'],
    ['menu "Warn" @bob @alice', 'menu needs a menu name and a target, like menu "Warn" @bob'],
    ["submit spam", "expected field:value, got spam"],
    ["submit a:1 a:2", "field a is given twice"],
    ["as", "as needs a member, like as @alice"],
    ["as @alice @bob", "as needs a member, like as @alice"],
    ["in", "in needs a channel, like in #mod-log"],
    ["members all", "members takes nothing after it"],
  ])("refuses %j", (line, message) => {
    expect(refusal(() => parseLine(line))).toBe(message);
  });
});

describe("parseSlashCommand", () => {
  it("types each value by the registered option type and looks names up", () => {
    expect(
      slash(
        `/warn user:@alice reason:"spam in #general" days:3 weight:0.5 silent:yes log:#mod-log notify:@&"Senior Mods" cc:@bob level:high`,
      ),
    ).toEqual({
      name: "warn",
      options: {
        user: IDS.alice,
        reason: "spam in #general",
        days: 3,
        weight: 0.5,
        silent: true,
        log: IDS["mod-log"],
        notify: IDS["senior mods"],
        cc: IDS.bob,
        level: 2,
      },
    });
  });

  it("takes raw ids and <@id> mentions, choices by value, and a role as a mentionable", () => {
    expect(
      slash(`/warn user:<@${IDS.bob}> reason:x log:${IDS.general} cc:@&moderators level:1`).options,
    ).toEqual({
      user: IDS.bob,
      reason: "x",
      log: IDS.general,
      cc: IDS.moderators,
      level: 1,
    });
  });

  it("finds groups and subcommands by the bare words before the options", () => {
    expect(slash("/test db roles")).toEqual({ name: "test", group: "db", subcommand: "roles", options: {} });
    expect(slash("/test slow ms:10")).toEqual({ name: "test", subcommand: "slow", options: { ms: 10 } });
    expect(slash("/test echo text:hi mood:Happy")).toEqual({
      name: "test",
      subcommand: "echo",
      options: { text: "hi", mood: "happy" },
    });
  });

  it("sends a name nobody registered as it is, when it has no options", () => {
    expect(slash("/nonexistent")).toEqual({ name: "nonexistent", options: {} });
  });

  it.each([
    ["/nonexistent x:1", "/nonexistent is not a registered command (registered: /warn, /test, /ping)"],
    ["/warn reason:x", "/warn needs user:"],
    ["/warn", "/warn needs user: reason:"],
    ["/warn user:@carol reason:x", "unknown @carol"],
    ["/warn user:alice reason:x", "user: needs a member, like @alice, not alice"],
    ["/warn user:@alice reason:", "reason: needs a value"],
    ["/warn user:@alice reason:x days:2.5", "days: needs a whole number, not 2.5"],
    ["/warn user:@alice reason:x weight:lots", "weight: needs a number, not lots"],
    ["/warn user:@alice reason:x silent:maybe", "silent: needs true or false, not maybe"],
    ["/warn user:@alice reason:x log:general", "log: needs a channel, like #general, not general"],
    [
      "/warn user:@alice reason:x notify:@moderators",
      "notify: needs a role, like @&Moderators, not @moderators",
    ],
    ["/warn user:@alice reason:x level:extreme", "level: must be one of 1, 2, not extreme"],
    ["/warn user:@alice reason:x reason:y", "reason is given twice"],
    [
      "/warn user:@alice reason:x colour:red",
      "/warn has no option colour (options: user, reason, days, weight, silent, log, notify, cc, level)",
    ],
    ["/warn @alice spam", "expected name:value after /warn, got @alice"],
    ["/test", "/test needs one of: throw, slow, echo, db, buttons, search, prune, form"],
    ["/test db", "/test db needs one of: roles"],
    ["/test nope", "/test has no nope (it has: throw, slow, echo, db, buttons, search, prune, form)"],
    ["/test echo text:hi mood:angry", "mood: must be one of happy, sad, not angry"],
    ["/ping extra:1", "/ping has no option extra (options: none)"],
  ])("refuses %j", (line, message) => {
    expect(refusal(() => slash(line))).toBe(message);
  });
});

describe("usageLines", () => {
  it("shows each way to call a command, optional options in brackets", () => {
    expect(usageLines(WARN)).toEqual([
      "/warn user:@member reason:<text> [days:<whole number>] [weight:<number>] [silent:<true|false>] [log:#channel] [notify:@&role] [cc:@member|@&role] [level:1|2]",
    ]);
    expect(usageLines(TestCommand)).toEqual([
      "/test throw",
      "/test slow ms:<whole number>",
      "/test echo text:<text> [user:@member] [duration:<text>] [mood:happy|sad]",
      "/test db roles",
      "/test buttons",
      "/test search [fruit:<text>]",
      "/test prune",
      "/test form",
    ]);
  });
});
