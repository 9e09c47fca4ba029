import { points } from "../../src/cogs/economy/points";
import { translator } from "../../src/i18n/translator";

describe("points", () => {
  it("counts one point and many in each language, with the language's digit grouping", () => {
    expect(points(1n, translator("en"))).toBe("1 point");
    expect(points(0n, translator("en"))).toBe("0 points");
    expect(points(12_345n, translator("en"))).toBe("12,345 points");
    expect(points(1n, translator("de"))).toBe("1 Punkt");
    expect(points(12_345n, translator("de"))).toBe("12.345 Punkte");
    expect(points(1n, translator("es-ES"))).toBe("1 punto");
    expect(points(12_345n, translator("es-ES"))).toBe("12.345 puntos");
  });

  it("writes a balance beyond 2^53 exactly", () => {
    expect(points(9_223_372_036_854_775_807n, translator("en"))).toBe("9,223,372,036,854,775,807 points");
  });
});
