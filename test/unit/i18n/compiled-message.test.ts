import type { MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { compileMessage, type MessageValues } from "../../../src/i18n/compiled-message";
import { LOCALES } from "../../../src/i18n/locales";
import { MESSAGES } from "../../../src/i18n/resources";
import { translator } from "../../../src/i18n/translator";

/** Every value a message asks for, filled with `plain` for plain placeholders, numbers and selects' first choice. */
function valuesFor(
  ast: readonly MessageFormatElement[],
  plain: string | number,
  into: Record<string, string | number> = {},
) {
  for (const element of ast) {
    if (!("value" in element) || element.type === 0) continue;
    if ("options" in element) {
      const choices = Object.keys(element.options);
      into[element.value] = element.type === 5 ? (choices[0] ?? "other") : 1234.5;
      for (const option of Object.values(element.options)) valuesFor(option.value, plain, into);
    } else {
      into[element.value] ??= element.type === 1 ? plain : 1234.5;
    }
    if ("children" in element) valuesFor(element.children, plain, into);
  }
  return into;
}

function formatJs(source: string, locale: string, values: MessageValues): string {
  const text = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).format(
    values as Record<string, string | number>,
  );
  return typeof text === "string" ? text : String(text);
}

describe("compileMessage", () => {
  it("fills every message of every language exactly as FormatJS does", () => {
    let compared = 0;
    for (const locale of LOCALES) {
      for (const source of Object.values(MESSAGES[locale])) {
        if (source === undefined) continue;
        const ast = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).getAst();
        for (const plain of ["<@42>", 7, 1, 0] as const) {
          const values = valuesFor(ast, plain);
          expect(compileMessage(source, locale)(values)).toBe(formatJs(source, locale, values));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("formats small whole numbers as FormatJS does in every language, digits of other scripts included", () => {
    for (const locale of [...LOCALES, "ar-EG", "hi-IN-u-nu-deva"]) {
      const fill = compileMessage("{n, number} ms", locale);
      for (const n of [0, 5, 42, 999, 1000, 12_345, 12.5, -3]) {
        expect({ locale, n, text: fill({ n }) }).toEqual({
          locale,
          n,
          text: formatJs("{n, number} ms", locale, { n }),
        });
      }
    }
  });

  it("shows null and undefined placeholders as nothing, and refuses a missing value", () => {
    const fill = compileMessage("a{x}b {n, number}", "de");
    expect(fill({ x: null, n: 1234 })).toBe("ab 1.234");
    expect(fill({ x: undefined, n: 1 })).toBe(formatJs("a{x}b {n, number}", "de", { x: undefined, n: 1 }));
    expect(() => fill({ n: 1 })).toThrow();
    expect(() => fill(undefined)).toThrow();
  });

  it("formats a number without serialising its formatter's arguments each time", () => {
    const t = translator("es-ES");
    t.t("core.pong", { ms: 1 });
    const stringify = jest.spyOn(JSON, "stringify");
    try {
      for (let ms = 0; ms < 20; ms += 1) t.t("core.pong", { ms });
      t.t("economy.points", { count: 2, amount: "2" });
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
  });
});
