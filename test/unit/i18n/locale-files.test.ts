import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { LOCALES } from "../../../src/i18n/locales";
import { MESSAGES, type MessageId } from "../../../src/i18n/resources";
import { translator } from "../../../src/i18n/translator";

const SOURCE = join(__dirname, "../../../src");
const english = MESSAGES.en;

/** The placeholders a message uses, with how each is formatted (`count:plural`, `name:argument`). */
function placeholders(elements: readonly MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        found.add(`${element.value}:argument`);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        found.add(`${element.value}:${TYPE[element.type]}`);
        break;
      case TYPE.plural:
      case TYPE.select:
        found.add(`${element.value}:${TYPE[element.type]}`);
        for (const option of Object.values(element.options)) placeholders(option.value, found);
        break;
      case TYPE.tag:
        placeholders(element.children, found);
        break;
      default:
        break;
    }
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("locale files", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the English identifiers", (locale) => {
    const keys = Object.keys(MESSAGES[locale]);
    expect(Object.keys(english).filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !(key in english))).toEqual([]);
  });

  it.each([...LOCALES])("every %s message is valid ICU with the same placeholders as English", (locale) => {
    const differing = Object.entries(MESSAGES[locale]).flatMap(([key, text]) => {
      const source = english[key];
      if (source === undefined) return [];
      const mine = [...placeholders(parse(text, { ignoreTag: true }))].sort();
      const theirs = [...placeholders(parse(source, { ignoreTag: true }))].sort();
      return JSON.stringify(mine) === JSON.stringify(theirs) ? [] : [{ key, mine, english: theirs }];
    });
    expect(differing).toEqual([]);
  });

  it("every identifier is used by the code", () => {
    const code = sourceFiles(SOURCE)
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const unused = Object.keys(english).filter((key) => !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });
});

describe("every message formats", () => {
  it.each([...LOCALES])("in %s, with a value for each placeholder", (locale) => {
    const t = translator(locale);
    const unformatted = Object.entries(MESSAGES[locale]).filter(([key, text]) => {
      const values = Object.fromEntries(
        [...placeholders(parse(text, { ignoreTag: true }))].map((placeholder) => {
          const [name, kind] = placeholder.split(":");
          return [name ?? "", kind === "argument" || kind === "select" ? "x" : 2];
        }),
      );
      return t.t(key as MessageId, values) === key;
    });
    expect(unformatted.map(([key]) => key)).toEqual([]);
  });

  it("shows the identifier, never throws, when a value is missing", () => {
    expect(translator("en").t("errors.incident")).toBe("errors.incident");
  });
});
