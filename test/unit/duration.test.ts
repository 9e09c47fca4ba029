import { formatDuration, MAX_TIMEOUT_MS, parseDuration } from "../../src/bot/duration";
import { ValidationError } from "../../src/errors/validation-error";

describe("parseDuration", () => {
  it.each([
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["7d", 604_800_000],
    ["2w 3d", 1_468_800_000],
    [" 1H 5S ", 3_605_000],
  ])("reads %s", (input, expected) => {
    expect(parseDuration(input, "duration")).toBe(expected);
  });

  it.each(["", "soon", "10", "10x", "30m1h", "1h1h", "0m", "1h and 5m", "-5m"])("refuses %j", (input) => {
    expect(() => parseDuration(input, "duration")).toThrow(ValidationError);
  });

  it("enforces a maximum and says it in the same units people type", () => {
    expect(parseDuration("28d", "duration", MAX_TIMEOUT_MS)).toBe(MAX_TIMEOUT_MS);
    let error: unknown;
    try {
      parseDuration("29d", "duration", MAX_TIMEOUT_MS);
    } catch (caught) {
      error = caught;
    }
    expect((error as ValidationError).fields).toEqual({
      duration: [{ id: "validation.duration_too_long", values: { max: "4w" } }],
    });
  });
});

describe("formatDuration", () => {
  it("writes the largest units first", () => {
    expect(formatDuration(5_400_000)).toBe("1h 30m");
    expect(formatDuration(MAX_TIMEOUT_MS)).toBe("4w");
    expect(formatDuration(500)).toBe("0s");
  });
});
