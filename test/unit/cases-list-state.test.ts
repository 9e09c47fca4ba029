import {
  decodeListState,
  encodeListState,
  MAX_UNSIGNED_LENGTH,
  type ListState,
} from "../../src/cogs/cases/list-state";
import { CaseType } from "../../src/entities";

const BIGGEST_SNOWFLAKE = (2n ** 64n - 1n).toString();

describe("the state /cases buttons carry in their custom id", () => {
  it("round-trips every anchor, filter and the issue time (to the second)", () => {
    const states: ListState[] = [
      {
        anchor: { direction: "first" },
        page: 1,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_000_000,
        filter: {},
      },
      {
        anchor: { direction: "older", number: 1234, id: 98765 },
        page: 124,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_001_000,
        filter: { targetId: "175928847299117063", type: CaseType.Softban },
      },
      {
        anchor: { direction: "newer", number: 11 },
        page: 2,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_002_000,
        filter: { moderatorId: "175928847299117064", type: CaseType.Warn },
      },
    ];
    for (const state of states) {
      const customId = encodeListState(state);
      expect(customId.startsWith("cases:")).toBe(true);
      expect(decodeListState(customId.slice("cases:".length))).toEqual(state);
    }
  });

  it("stays under Discord's 100 characters with the largest ids, numbers and both member filters", () => {
    const customId = encodeListState({
      anchor: { direction: "older", number: 2 ** 31 - 1, id: 2 ** 31 - 1 },
      page: 2 ** 31 - 1,
      invokerId: BIGGEST_SNOWFLAKE,
      issuedAt: Date.UTC(2100, 0, 1),
      filter: { targetId: BIGGEST_SNOWFLAKE, moderatorId: BIGGEST_SNOWFLAKE, type: CaseType.Untimeout },
    });
    expect(customId.length).toBeLessThanOrEqual(MAX_UNSIGNED_LENGTH);
    expect(decodeListState(customId.slice("cases:".length))?.filter.targetId).toBe(BIGGEST_SNOWFLAKE);
  });

  it("refuses payloads it did not write", () => {
    for (const payload of [
      "",
      "f",
      "x.1.a.b...",
      "f.0.a.b...",
      "f.1.a.b...z",
      "o1.1.a.b...",
      "f.1.a.b.....",
      "f.1.A.b...",
    ]) {
      expect(decodeListState(payload)).toBeNull();
    }
  });
});
