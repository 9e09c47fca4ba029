import { requiredTextInput, textInput } from "../../src/bot/text-input";
import { ValidationError } from "../../src/errors/validation-error";
import { storableJson, storableText } from "../../src/database/postgres-text";

describe("text made storable in PostgreSQL", () => {
  it("removes U+0000 and replaces lone surrogates, keeping pairs and ordinary text", () => {
    expect(storableText("a\u0000b\u0000")).toBe("ab");
    expect(storableText("x\uD800y")).toBe("x\uFFFDy");
    expect(storableText("\uDC00x\uD83D")).toBe("\uFFFDx\uFFFD");
    expect(storableText("ok 😀 \uD83D\uDE00")).toBe("ok 😀 \uD83D\uDE00");
    expect(textInput("plain text")).toBe("plain text");
  });

  it("cleans every string of a JSON value, keys included", () => {
    expect(storableJson({ "k\u0000": ["a\u0000", 1, null, { x: "\uD800" }], n: true })).toEqual({
      k: ["a", 1, null, { x: "\uFFFD" }],
      n: true,
    });
  });

  it("refuses a named input that held nothing but U+0000, naming it", () => {
    expect(requiredTextInput("value", "a\u0000")).toBe("a");
    expect(requiredTextInput("value", "")).toBe("");
    const refusal = thrownBy(() => requiredTextInput("value", "\u0000\u0000"));
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).fields).toEqual({
      value: [{ id: "validation.no_text" }],
    });
  });
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
