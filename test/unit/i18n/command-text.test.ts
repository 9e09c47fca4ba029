import type { Cog } from "../../../src/bot/cog";
import { commandDefinitions } from "../../../src/bot/commands/sync";
import { COGS } from "../../../src/cogs";
import { loadConfig } from "../../../src/config";
import { buildContainer } from "../../../src/container";
import { COMMAND_TEXT } from "../../../src/i18n/command-resources";
import { MESSAGES } from "../../../src/i18n/resources";
import { commandTextKeys, localisedDefinition } from "../../../src/i18n/command-text";
import { createLogger } from "../../../src/logger";

const config = loadConfig({ DISCORD_TOKEN: "command-text", LOG_LEVEL: "silent", HEALTH_PORT: "0" });
const container = buildContainer(config, createLogger("silent"));
const definitions = commandDefinitions(COGS.map((cog) => container.resolve<Cog>(cog)));
const keys = definitions.flatMap((definition) => commandTextKeys(definition));

/** Discord's rule for command and option names in any language. */
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe.each(Object.entries(COMMAND_TEXT))("command text in %s", (_locale, text) => {
  it("has every name, description and choice of every command, and nothing else", () => {
    const wanted = new Set(keys.map(({ key }) => key));
    expect(keys.map(({ key }) => key).filter((key) => text[key] === undefined)).toEqual([]);
    expect(Object.keys(text).filter((key) => !wanted.has(key))).toEqual([]);
  });

  it("names commands and options as Discord allows: lower case, no spaces, at most 32", () => {
    const bad = keys.filter(({ key, kind }) => kind === "name" && !NAME.test(text[key] ?? "x"));
    expect(bad.map(({ key }) => `${key}: ${text[key] ?? ""}`)).toEqual([]);
  });

  it("keeps descriptions and choices within Discord's 100 characters", () => {
    const long = keys.filter(({ key, kind }) => kind !== "name" && (text[key]?.length ?? 0) > 100);
    expect(long.map(({ key }) => key)).toEqual([]);
  });
});

/** Where a name must be unique: among the commands (""), or among a command's subcommands and options. */
function parentOf(nameKey: string): string {
  const path = nameKey.replace(/\.name$/, "").split(".");
  if (path.at(-2) === "options") return path.slice(0, -2).join(".");
  return path.slice(0, -1).join(".");
}

describe("localised definitions", () => {
  it("carry Discord's localisation fields for German and both Spanish locales", () => {
    const core = definitions.find((definition) => definition.name === "ping");
    expect(core).toBeDefined();
    const localised = localisedDefinition(core!) as { description_localizations?: Record<string, string> };
    expect(Object.keys(localised.description_localizations ?? {}).sort()).toEqual(["de", "es-419", "es-ES"]);
  });

  it("names commands uniquely, and options uniquely within their command, in every language", () => {
    for (const text of Object.values(COMMAND_TEXT)) {
      const clashes = keys
        .filter(({ kind }) => kind === "name")
        .map(({ key }) => ({ parent: parentOf(key), name: text[key] }))
        .filter((entry, index, all) =>
          all.some((other, at) => at < index && other.parent === entry.parent && other.name === entry.name),
        );
      expect(clashes).toEqual([]);
    }
  });
});

describe("commands named in messages", () => {
  it.each(Object.entries(COMMAND_TEXT))("are the %s names of real commands", (locale, text) => {
    const names = new Set(
      Object.entries(text)
        .filter(([key]) => /^[^.]+\.name$/.test(key))
        .map(([, name]) => name),
    );
    const messages = MESSAGES[locale as keyof typeof MESSAGES];
    const unknown = Object.entries(messages).flatMap(([key, message]) =>
      [...message.matchAll(/(?:^|[\s`(])\/([\p{Ll}\p{N}_-]+)/gu)]
        .map((match) => match[1] ?? "")
        .filter((name) => !names.has(name))
        .map((name) => `${key}: /${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
