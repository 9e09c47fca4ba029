import type { CommandOptionDefinition } from "../../../src/bot/commands/definition";
import type { FuzzWorld } from "./fuzz-world";

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** Text PostgreSQL refuses, text that renders as something else, text that looks like code or numbers. */
export function hostileText(world: FuzzWorld, random: Random): string {
  const someone = pick(random, [...world.targets, ...Object.values(world.invokers)]);
  const someRole = pick(random, world.roleIds);
  return pick(random, [
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\u0000".repeat(40),
    "\ud800",
    "x\udfffy",
    "\udc00\ud800 lone pairs",
    "@everyone",
    "@here hello",
    `<@&${someRole}>`,
    `<@${someone}> <@!${someone}>`,
    `<#${world.channels.modLog}>`,
    "**bold** __under__ ~~gone~~ ||spoiler|| `code`",
    "```js\nprocess.exit(1)\n```",
    "> quote\n# Heading\n- list",
    "[link](https://example.com) https://discord.gg/abc",
    "\u202Eevil.exe\u202C",
    "\u200B\u200C\u200D\u2060\uFEFF",
    "\u0301\u0301\u0301 combining",
    "👨‍👩‍👧‍👦🏳️‍🌈",
    "Ω≈ç√∫˜µ≤≥÷ 漢字 العربية עברית",
    "9007199254740993",
    "-9007199254740993",
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x1F",
    "null",
    "undefined",
    "true",
    "[]",
    '{"__proto__":{"admin":true}}',
    "'; DROP TABLE cases; --",
    "%_\\%",
    "{user} {user.name} {count} {var:counter} {var:",
    "{var:" + "a".repeat(70) + "}",
    "{{{{}}}}",
    "${process.exit()}",
    "\n".repeat(60),
    "\t\r\n\v\f",
    "a".repeat(101),
    "é".repeat(513),
    "z".repeat(2001),
    "🙂".repeat(1000),
    "w ".repeat(2500),
  ]);
}

/** Likely-meaningful values by option name, so the run also gets past validation into the handlers. */
export function friendlyText(option: CommandOptionDefinition, world: FuzzWorld, random: Random): string {
  const someone = pick(random, [...world.targets, ...world.outsiders]);
  switch (option.name) {
    case "duration":
      return pick(random, [
        "10m",
        "1h30m",
        "7d",
        "28d",
        "29d",
        "1s",
        "0s",
        "-5m",
        "99999999999d",
        "1y",
        "m",
        "1h 30m",
      ]);
    case "name":
      return pick(random, ["rules", "faq", "welcome", "mods", "a", "x.y_z-1", "Rules", "counter"]);
    case "platform":
      return pick(random, ["twitch", "youtube", "github", "Twitch", "x"]);
    case "group":
      return pick(random, ["none", "mods", "rules", "welcome"]);
    case "user":
      return pick(random, [
        someone,
        `<@${someone}>`,
        `<@!${someone}>`,
        "0",
        "123",
        "1234567890123456789",
        "99999999999999999999999",
      ]);
    case "response":
      return pick(random, [
        "Hello {user}!",
        "Used {count} times",
        "Counter: {var:counter}",
        "Read the rules.",
      ]);
    case "value":
      return pick(random, ["1", "42", "-7", "hello", "true", "3.14", "[1,2]", '{"a":1}', "2024-01-01"]);
    default:
      return pick(random, ["spam", "being rude in #general", "repeat offender", "ok", "asked nicely twice"]);
  }
}
